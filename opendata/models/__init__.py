from .exports import DataBuild
from .synthesis import DirtySynthesis, SynthesisRow

__all__ = ["DataBuild", "DirtySynthesis", "SynthesisRow"]
