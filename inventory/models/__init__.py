from .access import MHOManagement, SupportDelegation
from .campaign import Campaign, CampaignReminder
from .exports import DataBuild
from .mho import MutualHealthOrganization
from .record import YearlyRecord
from .synthesis import DirtySynthesis, SynthesisRow

__all__ = [
    "Campaign",
    "CampaignReminder",
    "DataBuild",
    "DirtySynthesis",
    "MHOManagement",
    "MutualHealthOrganization",
    "SupportDelegation",
    "SynthesisRow",
    "YearlyRecord",
]
