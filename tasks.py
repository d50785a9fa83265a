"""The command line of this hiring wiki: `invoke -l` lists the tasks, `invoke --help TASK` explains one.

The tasks live in the hiring-kb package (the hiring_kb.tasks_* modules), so upgrading the package brings
their fixes to every wiki; this file only loads them for the folder it is in. Tasks of your own may follow.
"""

try:
    from hiring_kb.task_loading import load_tasks
except ImportError:  # one line for people, not a traceback
    raise SystemExit(
        "the hiring-kb package is not installed in this Python: run 'pip install -r requirements.txt'"
    ) from None

globals().update(load_tasks(__file__))
