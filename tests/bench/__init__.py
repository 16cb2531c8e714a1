"""Benchmarks: ``python -m tests.bench`` runs every ``bench_*.py`` module's ``run(ctx)``.

Benchmarks are never timed tests; pytest does not collect them (their files are not test_*.py).
"""
