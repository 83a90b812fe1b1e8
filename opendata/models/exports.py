"""The builds of the open-data files served under /data/ (see opendata/exports)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataBuild(models.Model):
    """One build of the download files. The newest finished build is the one
    served; ``stale_since`` is set when the data changed after it started, so
    that the next scheduled build knows it has work to do."""

    started_at = models.DateTimeField(_("started at"))
    identifier = models.CharField(
        _("identifier"),
        max_length=40,
        blank=True,
        help_text=_(
            "Start time (UTC, to the second) and a short hash of the data, e.g. "
            "20261201T104207Z-3fa9c1: the version of the files and of their "
            "citation. Set when the build finishes."
        ),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    records = models.PositiveIntegerField(_("validated yearly records"), default=0)
    mhos = models.PositiveIntegerField(_("approved MHOs"), default=0)
    has_demo = models.BooleanField(_("includes demonstration data"), default=False)
    files = models.JSONField(
        _("files"),
        default=dict,
        blank=True,
        help_text=_("For each file name: its size in bytes and SHA-256 hash."),
    )
    stale_since = models.DateTimeField(
        _("data changed since"),
        null=True,
        blank=True,
        help_text=_("When the data first changed after this build started."),
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        db_table = "inventory_databuild"  # created when it belonged to inventory
        verbose_name = _("data files build")
        verbose_name_plural = _("data files builds")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["-finished_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier"],
                condition=~models.Q(identifier=""),
                name="databuild_identifier_unique",
            ),
        ]

    def __str__(self):
        return self.identifier or f"{self.started_at:%Y-%m-%d %H:%M:%S}"

    @property
    def is_stale(self) -> bool:
        return self.stale_since is not None

    def file(self, name: str) -> dict | None:
        return self.files.get(name)
