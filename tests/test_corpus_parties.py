"""Country codes and names: --party resolution and parties named in a treaty's title."""

from __future__ import annotations

import pytest

from treatykit.errors import NotFoundError
from treatykit.ingest.parties import parties_in_title, resolve_party


@pytest.mark.parametrize(("text", "codes"), [
    ("KOR", ("KOR",)), ("kr", ("KOR",)), ("south korea", ("KOR",)),
    ("Korea", ("KOR", "PRK")), ("Turkey", ("TUR",)), ("Côte d'Ivoire", ("CIV",)),
    ("cote d'ivoire", ("CIV",)), ("YUG", ("YUG",)), ("Kosovo", ("RKS",)),
])
def test_a_party_is_an_iso_code_or_a_country_name(text, codes):
    assert resolve_party(text) == codes


def test_an_unknown_party_suggests_close_names():
    with pytest.raises(NotFoundError) as caught:
        resolve_party("Columbia")
    assert str(caught.value).startswith("unknown party 'Columbia' (did you mean Colombia")


@pytest.mark.parametrize(("title", "codes"), [
    ("Agreement between the Government of Canada and the Republic of Korea", ("CAN", "KOR")),
    ("Treaty between Papua New Guinea and the Republic of Niger", ("PNG", "NER")),
    ("Agreement between Nigeria and Niger", ("NGA", "NER")),
    ("Agreement on the Promotion of Investment", ()),
])
def test_parties_in_a_title_longest_name_first(title, codes):
    assert parties_in_title(title) == codes
