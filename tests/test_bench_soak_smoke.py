"""bench/bench_soak.py's arithmetic and report (the soak itself runs minutes: bench only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def soak():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench_soak

        yield bench_soak
    finally:
        sys.path.remove(str(ROOT / "bench"))


def _result(rss: list[float]) -> dict[str, object]:
    samples: list[dict[str, object]] = []
    for i, mb in enumerate(rss):
        row: dict[str, object] = {
            "intakes": i * 80,
            "rss_mb": mb,
            "hwm_mb": max(rss[: i + 1]),
            "anon_mb": mb - 60,
            "scans_filed": i * 10,
        }
        if i in (0, 4, len(rss) - 1):
            row.update(widgets=540, window_objects=870, py_objects=150_000)
        samples.append(row)
    stats = dict.fromkeys(("wall_p50", "wall_p95", "cpu_p50", "cpu_p95"), 1.0)
    return {
        "samples": samples,
        "intakes": (len(rss) - 1) * 80,
        "hours": (len(rss) - 1) * 2,
        "wall_s": 100.0,
        "load": [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]],
        "series": {"intake": {"n": 10.0, **stats}},
        "files_filed": 5,
        "scan_imports": {"filed": 5},
        "hot_folder_cpu_s": 1.0,
        "errors": {},
    }


def test_slope_is_least_squares_per_thousand_intakes(soak) -> None:  # type: ignore[no-untyped-def]
    assert soak.slope_per_1000([(0, 100.0), (500, 105.0), (1000, 110.0)]) == pytest.approx(10.0)


def test_the_day_figure_is_read_after_320_intakes_and_judged(soak) -> None:  # type: ignore[no-untyped-def]
    flat = soak.summarise(_result([180, 200, 210, 215, 220, 221, 222, 222, 223]))
    assert (flat["day_intakes"], flat["day_at"], flat["peak"]) == (320, 220, 223)
    assert (flat["day_low"], flat["day"]) == (220, 220)  # samples of 280..320: only 320
    args = argparse.Namespace(sample_every=20, notes=[])
    text = soak.section([("station", _result([180, 200, 210, 215, 220, 221]))], args)
    assert text.startswith("## Memory over a working day\n")
    assert "at 320 intakes 220) | 220 | < 250 MB | pass |" in text
    high = soak.section([("station", _result([180, 230, 250, 255, 260, 261]))], args)
    assert "at 320 intakes 260) | 260 | < 250 MB | **MISS** |" in high
