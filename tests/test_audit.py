"""Measured accuracy on the audit set (bench/audit: 24 ToTA trade agreements, own labels).

bench/accuracy.py writes the texts from ../shared/corpus/tota/xml and scores them; skipped when
../shared is absent. The floors are a little under the run reported in bench/README.md. The
tune half is what the recognisers were fixed on; the holdout half gave the honest estimate
(0.948) before its errors were analysed and fixed, so its floor now guards those fixes. Blind
set 2 (labelled and committed before it was first scored: 0.974 / 0.917) is the newest honest
estimate; its error classes were fixed afterwards (0.989 / 1.000, not blind), and its floor
now guards those fixes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import load_bench

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "audit" / "labels.json"
MACRO_F1_FLOOR = {"all": 0.98, "tune": 0.98, "holdout": 0.97, "blind2": 0.98}
NUMERIC_FLOOR = {"all": 0.97, "tune": 0.97, "holdout": 0.97, "blind2": 0.97}
SPLITS = ("tune", "holdout", "blind2")
NUMERIC = ("initial_term_years", "termination_notice_months", "survival_years")

pytestmark = [pytest.mark.shared, pytest.mark.slow]


@pytest.fixture(scope="module")
def metrics(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """bench/accuracy.py run once over the audit set: score.py's metrics per split."""
    out = tmp_path_factory.mktemp("audit")
    code = load_bench("accuracy").main(["--labels", str(LABELS),
                          "--tota", str(shared / "corpus" / "tota" / "xml"),
                          "--score", str(shared / "eval" / "score.py"),
                          "--predictions", str(out / "predictions.json"),
                          "--json", str(out / "metrics.json")])
    assert code == 0
    return json.loads((out / "metrics.json").read_text(encoding="utf-8"))


def test_the_split_was_fixed_in_the_labels() -> None:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    splits = [label["split"] for label in labels.values()]
    assert [splits.count(split) for split in SPLITS] == [8, 8, 8]
    assert len(splits) == 24
    assert all(len(label["features"]) == 33 and label["evidence"].keys() == label["features"].keys()
               for label in labels.values())


@pytest.mark.parametrize("split", ["all", *SPLITS])
def test_macro_f1_stays_above_its_floor(metrics: dict[str, Any], split: str) -> None:
    assert metrics[split]["macro_f1"] >= MACRO_F1_FLOOR[split]


@pytest.mark.parametrize("split", ["all", *SPLITS])
def test_numeric_features_stay_above_their_floor(metrics: dict[str, Any], split: str) -> None:
    features = metrics[split]["features"]
    exact = [features[f]["exact_match"] for f in NUMERIC]
    assert sum(exact) / len(exact) >= NUMERIC_FLOOR[split]
