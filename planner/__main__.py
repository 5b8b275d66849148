"""`python -m planner` is the `planner` command."""

from planner.cli import main

if __name__ == "__main__":  # importing the module (tests walk the package) runs nothing
    main()
