"""guideline-assist: answers for clinicians built only from official guidelines, each claim cited."""

from guideline_assist.core import offline as _offline

_offline.apply()

__version__ = "0.1.0"
