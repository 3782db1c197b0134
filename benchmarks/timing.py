"""Medians of repeated runs, and the one-line figures every benchmark prints."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def median_time(function: Callable[[], T], runs: int = 3) -> tuple[float, T]:
    """Median wall time of ``runs`` calls, and the last result.

    Every run starts from the same heap: the previous run's result is released and
    a collection made before the clock starts. Otherwise each run after the first
    also pays for freeing its predecessor's result, and the collector walks it
    again and again (a quarter of the time for 1M paths' sequences, measured).
    """
    times = []
    kept: list[T] = []
    for _ in range(runs):
        kept.clear()
        gc.collect()
        started = time.perf_counter()
        kept.append(function())
        times.append(time.perf_counter() - started)
    return statistics.median(times), kept[0]


def figure(label: str, seconds: float, baseline_label: str, baseline: float, target: str = "") -> str:
    """``label  0.123 s | baseline 0.456 s | ratio 3.7x  (target)``: baseline / ours."""
    ratio = baseline / seconds if seconds else float("inf")
    note = f"  ({target})" if target else ""
    return f"{label:44} {seconds:8.3f} s | {baseline_label} {baseline:8.3f} s | {ratio:6.1f}x{note}"


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"
