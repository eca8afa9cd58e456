"""Benchmarks for backcare_kit: run ``python benchmarks/run.py`` from the repository root.

Each module measures one claim the README makes, against a baseline timed in
the same run on the same machine, so the figures stay comparable across
machines. Nothing here asserts a time: the table says whether a target is met.
"""
