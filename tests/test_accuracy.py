"""Measured accuracy on the development set (../shared/eval; skipped when it is absent).

The floors are a little under the scores of the run reported in bench/README.md, so that a
change which costs a feature on the real treaties fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import load_bench

MACRO_F1_FLOOR = {"all": 0.96, "bit": 0.99, "tip": 0.96}
NUMERIC_FLOOR = 0.95
NUMERIC = ("initial_term_years", "termination_notice_months", "survival_years")

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def metrics(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """bench/accuracy.py run once over the development set: score.py's metrics per subset."""
    out = tmp_path_factory.mktemp("accuracy")
    eval_dir = shared / "eval"
    code = load_bench("accuracy").main(["--texts", str(eval_dir / "texts"), "--labels",
                          str(eval_dir / "labels.json"), "--predictions",
                          str(out / "predictions.json"), "--json", str(out / "metrics.json")])
    assert code == 0
    return json.loads((out / "metrics.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("subset", ["all", "bit", "tip"])
def test_macro_f1_stays_above_its_floor(metrics: dict[str, Any], subset: str) -> None:
    assert metrics[subset]["macro_f1"] >= MACRO_F1_FLOOR[subset]


@pytest.mark.parametrize("feature", NUMERIC)
def test_numeric_features_match_exactly(metrics: dict[str, Any], feature: str) -> None:
    assert metrics["all"]["features"][feature]["exact_match"] >= NUMERIC_FLOOR


@pytest.mark.parametrize("name", ["nld-ken-1970.txt", "tip-chn-kor-2015.invest.txt"])
def test_review_json_gives_the_predictions_of_the_bench(shared: Path, invoke, name: str) -> None:  # type: ignore[no-untyped-def]
    """`treatykit review --format json` maps to the same feature row as bench/accuracy.py."""
    from treatykit.review.mapping import feature_row, reported_parameters
    from treatykit.review.service import load_reviewer, resolve_playbook

    path = shared / "eval" / "texts" / name
    code, out, err = invoke("review", str(path), "--playbook", "unctad-iia", "--format", "json")
    assert code == 0, err
    library, compiled = load_reviewer()
    playbook = resolve_playbook("unctad-iia", library)
    from_cli = feature_row(json.loads(out), reported_parameters(playbook))
    assert from_cli == load_bench("accuracy").predict_file(path, playbook, library, compiled)
    assert len(from_cli) == 33
