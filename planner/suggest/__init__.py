"""Suggest better dates: candidate days for one finding's tests, and a whole-plan repair.

The repair removes as many errors and warnings as it can while moving as few tests, as little,
as it can. Pure core: no Streamlit, no database.

How it works. The rules are pandas group-bys over the whole table, far too slow to call for each
of the tens of thousands of moves a search tries. So the search works on a model of the rules
that a move changes, kept as numpy arrays and updated per move (model.py, with the weights and
limits in costs.py): the weighted test load and the heavy tests per group and per cluster
combination (pupils with the same groups) per school day and per week, the tests per day in a
test week, and per test what its day costs by itself (a quiet period, no make-up day after it,
too little notice, a weekend). Where a test may go comes from the calendar (school days, never
into a holiday, a test week or a quiet period, never past a report deadline) and the lesson
timetable (planner.lessons: only a day on which that group has that subject). Whatever the
search proposes (search.py) is then checked by the real rules: a set of moves that would give
any group or pupil more errors than before is cut back until it does not. explain.py puts the
moves, and what is left, into words; candidates.py ranks the days for one finding.
"""

from planner.suggest.candidates import candidates
from planner.suggest.moves import Candidate, Move, Options, Repair, apply_moves
from planner.suggest.search import repair

__all__ = [
    "Candidate",
    "Move",
    "Options",
    "Repair",
    "apply_moves",
    "candidates",
    "repair",
]
