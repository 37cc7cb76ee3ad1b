"""Review: read a draft, find the provisions a mandate requires, grade what is found.

spaCy is imported only inside this package, and only when a review actually runs.
"""

import sys
import types
from typing import Any


class _CallableReview(types.ModuleType):
    """`treatykit.review(...)` is the API function even after this package is imported.

    Importing `treatykit.review.*` makes the package the `review` attribute of `treatykit`,
    hiding the lazily loaded `treatykit.api.review`; calling the package calls it.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from treatykit.api import review

        return review(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableReview
