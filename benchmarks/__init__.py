"""Benchmarks: run them all with ``python3 -m benchmarks.run`` from the repository root."""
