from .editions import ForumEdition, ProceedingsDocument
from .events import Event

__all__ = ["Event", "ForumEdition", "ProceedingsDocument"]
