"""Who bears an obligation, and what a wrong bearer does to a finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from treatykit.review.bearers import (
    BOTH,
    HOST,
    INVESTOR,
    PARTNER,
    UNKNOWN,
    Bearer,
    Parties,
    bearer_fits,
    host_names,
    subject_bearer,
)

PARTIES = Parties(host_names(["Pakistan", "the Islamic Republic of Pakistan"]),
                  host_names(["the United States", "the United States of America"]))


@pytest.mark.parametrize(("before", "after", "kind", "via"), [
    ("Each Party ", "shall adopt", BOTH, ""),
    ("Neither Contracting Party ", "shall require", BOTH, ""),
    ("Pakistan ", "shall build", HOST, ""),
    ("The Government of the United States ", "shall provide", PARTNER, ""),
    ("Pakistan and the United States ", "shall consult", BOTH, ""),
    ("Where an investor fails to meet a milestone, Pakistan ", "may suspend", HOST, ""),
    ("An enterprise that holds a mining lease in the territory of Pakistan ", "shall ensure",
     INVESTOR, ""),
    ("The Company ", "shall train", INVESTOR, ""),
    ("The Parties ", "shall ensure that covered investments train", INVESTOR, BOTH),
    ("The United States ", "shall require its enterprises to license", INVESTOR, PARTNER),
    ("Technology ", "shall be transferred by the investor", INVESTOR, ""),
    ("Investors of either Contracting Party ", "shall be permitted to transfer", UNKNOWN, ""),
    ("The Joint Committee ", "shall meet", UNKNOWN, ""),
    ("[Host State] ", "may condition", HOST, ""),
])
def test_subject_of_the_modal_is_the_bearer(before: str, after: str, kind: str,
                                             via: str) -> None:
    bearer = subject_bearer(before, after, PARTIES)
    assert (bearer.kind, bearer.via) == (kind, via)


@pytest.mark.parametrize(("required", "bearer", "fits"), [
    ("any", Bearer(HOST, "pakistan"), True),
    ("host_state", Bearer(BOTH, "each party"), True),
    ("host_state", Bearer(INVESTOR, "the company"), False),
    ("host_state", Bearer(INVESTOR, "investors", via=HOST), True),
    ("investor", Bearer(HOST, "pakistan"), False),
    ("investor", Bearer(PARTNER, "the united states"), True),
    ("investor", Bearer(BOTH, "the parties"), True),
    ("both", Bearer(HOST, "pakistan"), False),
    ("both", Bearer(BOTH, "each party"), True),
    ("host_state", Bearer(), True),
])
def test_which_bearers_meet_a_mandate(required: str, bearer: Bearer, fits: bool) -> None:
    assert bearer_fits(required, bearer) is fits


PLAYBOOK = """\
playbook:
  id: bearer-test
  title: Technology transfer by the investor
  stance: balanced
  parties: {host: [Pakistan], partner: [the United States]}
requirements:
  - id: technology_transfer
    provision: technology.transfer
    bears: investor
"""


@pytest.mark.parametrize(("sentence", "status", "bearer"), [
    ("The investor shall transfer to enterprises in Pakistan the technology needed to "
     "separate rare earth elements.", "present", "investor"),
    ("Pakistan shall transfer to the investor the technology developed by its public "
     "research institutes.", "weak", "host_state"),
    ("The United States shall ensure that its enterprises transfer to enterprises in Pakistan "
     "the technology needed to refine copper.", "present", "investor (via partner_state)"),
    ("Technology for the separation of rare earth elements shall be transferred by the "
     "investor to the national institute.", "present", "investor"),
])
def test_a_duty_on_the_wrong_party_is_weak(tmp_path: Path, sentence: str, status: str,
                                           bearer: str) -> None:
    from treatykit.review.playbooks import load_playbook
    from treatykit.review.service import load_reviewer, review_text

    (tmp_path / "book.yaml").write_text(PLAYBOOK, encoding="utf-8")
    library, compiled = load_reviewer()
    book = load_playbook(tmp_path / "book.yaml", library)
    text = f"Agreement\n\nArticle 4 Transfer of Technology\n\n1. {sentence}\n"
    finding = review_text(text, book, library, compiled).findings[0]
    assert (finding.status, finding.cue.get("bearer")) == (status, bearer)
    if status == "weak":
        assert finding.reason.startswith("borne by the host State")
        assert finding.suggestion and finding.suggestion[0].startswith("technology.transfer.")
