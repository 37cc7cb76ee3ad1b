"""Plain data classes shared by every layer: provisions, clauses, parameters."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

#: Version of the JSON shape every output carries as `schema` (docs/json.md); bump it when a
#: field changes meaning or shape, not when one is added.
SCHEMA_VERSION = 1

STANCES: tuple[str, ...] = ("host_protective", "balanced", "investor_protective")

#: The 27 clause categories of the domain brief (docs/clause-format.md lists them).
CATEGORIES: dict[str, str] = {
    "preamble_objectives": "Preamble and objectives",
    "definitions_scope": "Definitions, scope and denial of benefits",
    "admission_nt_mfn": "Admission, national treatment and MFN",
    "fet_mst_fps": "Fair and equitable treatment, full protection and security",
    "expropriation_compensation": "Expropriation and compensation",
    "transfers_repatriation": "Transfers and repatriation of funds",
    "performance_requirements": "Performance requirements",
    "domestic_value_addition": "Domestic value addition and local processing",
    "local_equity_state_participation": "Local equity and state participation",
    "technology_transfer": "Technology transfer",
    "skills_employment_localisation": "Skills, training and local employment",
    "infrastructure_codevelopment": "Infrastructure co-development",
    "fiscal_regime": "Fiscal regime",
    "labour_rights": "Labour rights",
    "environment_closure": "Environment, impact assessment and closure",
    "community_benefit_sharing": "Community participation and benefit sharing",
    "security_framework": "Investment security framework",
    "transparency_anticorruption": "Transparency and anti-corruption",
    "facilitation_one_window": "Facilitation and one-window approvals",
    "stabilisation_change_in_law": "Stabilisation and change in law",
    "right_to_regulate_general_exceptions": "Right to regulate and general exceptions",
    "bop_temporary_safeguard": "Balance-of-payments safeguard",
    "essential_security_supply_security": "Essential security and supply security",
    "market_access_offtake_conditionality": "Market access, offtake and conditionality",
    "investor_state_dispute_settlement": "Investor-state dispute settlement",
    "state_state_ds_joint_committee": "State-state dispute settlement and joint institutions",
    "final_clauses_duration_survival": "Final clauses, duration and survival",
}

NUMERIC_TYPES: tuple[str, ...] = ("pct", "int", "float", "days", "months", "years", "usd")
PARAM_TYPES: tuple[str, ...] = NUMERIC_TYPES + ("bool", "enum", "list", "str")
INTEGER_TYPES: tuple[str, ...] = ("int", "days", "months", "years")
DOC_TYPES: tuple[str, ...] = ("treaty", "contract")


@dataclass(frozen=True)
class Parameter:
    """A typed, bounded value a clause text uses."""

    name: str
    type: str
    default: Any
    help: str
    min: float | None = None
    max: float | None = None
    choices: dict[str, str] | None = None

    def coerce(self, value: Any) -> Any:
        """Return `value` converted to this parameter's type, or raise ValueError."""
        if self.type in NUMERIC_TYPES:
            return self._coerce_number(value)
        if self.type == "bool":
            return _coerce_bool(value)
        if self.type == "enum":
            return self._coerce_choice(value)
        if self.type == "list":
            items = value if isinstance(value, (list, tuple)) else str(value).split(",")
            return [self._coerce_choice(item) for item in items]
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ValueError("expected text")
        return str(value)

    def bounds_text(self) -> str:
        """Describe the allowed values, for help and error messages."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.min is not None and self.max is not None:
            return f"{_plain(self.min)} to {_plain(self.max)}"
        if self.min is not None:
            return f">= {_plain(self.min)}"
        if self.max is not None:
            return f"<= {_plain(self.max)}"
        return self.type

    def _coerce_number(self, value: Any) -> int | float:
        if isinstance(value, bool):
            raise ValueError("expected a number, got true/false")
        try:
            text = str(value).strip().rstrip("%") if isinstance(value, str) else value
            number = float(text)
        except (TypeError, ValueError):
            raise ValueError(f"expected a number, got {value!r}") from None
        if math.isnan(number) or math.isinf(number):
            raise ValueError(f"expected a finite number, got {value!r}")
        if self.type in INTEGER_TYPES and number != int(number):
            raise ValueError(f"expected a whole number of {self.type}, got {value!r}")
        low, high = self.min, self.max
        if self.type == "pct":  # a percentage is 0-100 unless the declaration narrows it
            low = 0 if low is None else low
            high = 100 if high is None else high
        if low is not None and number < low:
            raise ValueError(f"{_plain(number)} is below the minimum {_plain(low)}")
        if high is not None and number > high:
            raise ValueError(f"{_plain(number)} is above the maximum {_plain(high)}")
        return int(number) if number == int(number) else number

    def _coerce_choice(self, value: Any) -> str:
        text = str(value).strip()
        if not self.choices or text not in self.choices:
            allowed = ", ".join(self.choices or {})
            raise ValueError(f"{text!r} is not one of: {allowed}")
        return text


def _coerce_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "on"):
        return True
    if text in ("false", "no", "0", "off"):
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _plain(number: float) -> str:
    return str(int(number)) if float(number) == int(number) else str(number)


@dataclass(frozen=True)
class Citation:
    """A real instrument a clause is modelled on, cited as a fact."""

    cite: str
    note: str = ""
    verified: bool = False


@dataclass(frozen=True)
class Notes:
    """Negotiation notes: what the clause protects, the push-back, the fallback."""

    protects: str = ""
    pushback: str = ""
    fallback: str = ""


@dataclass(frozen=True)
class ConflictRef:
    """A clause or provision that cannot sit (or sits uneasily) next to this one."""

    target: str
    kind: str = "conflict"
    why: str = ""
    resolve: str = ""
    resolved_by: str = ""  # a pattern whose presence in the text settles the conflict

    def resolved_in(self, text: str) -> bool:
        """Whether `text` carries the wording that resolves this conflict."""
        return bool(self.resolved_by) and re.search(self.resolved_by, text, re.I) is not None


@dataclass(frozen=True)
class Clause:
    """One drafted text implementing a provision from one negotiating stance."""

    id: str
    provision: str
    stance: str
    title: str
    version: str
    text: str
    parameters: tuple[Parameter, ...] = ()
    provenance: tuple[Citation, ...] = ()
    notes: Notes = field(default_factory=Notes)
    related: tuple[str, ...] = ()
    conflicts: tuple[ConflictRef, ...] = ()
    implements: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ("treaty",)
    source: str = ""
    line: int | None = None

    @property
    def provisions(self) -> tuple[str, ...]:
        """Every provision this clause implements, its own first."""
        return (self.provision,) + tuple(p for p in self.implements if p != self.provision)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.parameters}


@dataclass(frozen=True)
class Provision:
    """What an agreement must say, independent of any one wording."""

    id: str
    category: str
    title: str
    summary: str
    keywords: tuple[str, ...] = ()
    recognise: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    source: str = ""
    recognise_source: tuple[str, ...] = ()


@dataclass
class Library:
    """Provisions and clauses loaded from one or more clause folders."""

    provisions: dict[str, Provision] = field(default_factory=dict)
    clauses: dict[str, Clause] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    digest: str = ""

    def clauses_for(self, provision_id: str) -> list[Clause]:
        """Clauses whose primary provision is `provision_id`, in file order."""
        return [c for c in self.clauses.values() if c.provision == provision_id]

    def clause_for_stance(self, provision_id: str, stance: str) -> Clause | None:
        return next((c for c in self.clauses_for(provision_id) if c.stance == stance), None)
