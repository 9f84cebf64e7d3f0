"""The hostile-input catalogue of issue #15: one table of cases over every reader and writer.

Each ``cases_*.py`` module contributes ``CASES``; :mod:`tests.test_hostile` runs them all through
:func:`.harness.run_case`, each in a forked child process with a time and memory limit.
"""
