from .access import MHOManagement, SupportDelegation
from .campaign import Campaign, CampaignReminder
from .mho import MutualHealthOrganization
from .record import YearlyRecord

__all__ = [
    "Campaign",
    "CampaignReminder",
    "MHOManagement",
    "MutualHealthOrganization",
    "SupportDelegation",
    "YearlyRecord",
]
