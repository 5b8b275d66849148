"""pandas settings of the engine, made before any of its frames exist."""

import pandas as pd

# Plans are many short text columns (groups, subjects, kinds, ids) that the rules merge, group
# and take from thousands of times. Python string storage does that about 20% faster than
# pandas 3's default pyarrow storage (bench/bench_check.py: 0.90 -> 0.70 s); one storage for
# the whole process also keeps every merge between our frames on the same dtype.
pd.options.mode.string_storage = "python"
