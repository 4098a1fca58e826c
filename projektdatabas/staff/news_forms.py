"""The news item's form. It checks what was typed; the service (news/services.py) checks the
image itself and who may save, so a script calling the service gets the same answers."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from projektdatabas.news.images import MAX_BYTES
from projektdatabas.news.models import NewsItem
from projektdatabas.organisations.models import Organisation, Twinning
from projektdatabas.projects.models import Project

from .forms import VersionedForm

# Fields that go to the service as they are; the image goes as a file of its own.
CHANGED_FIELDS = [
    "kind",
    "title_sv",
    "title_en",
    "body_sv",
    "body_en",
    "projects",
    "twinnings",
    "organisations",
    "image_alt_sv",
    "image_alt_en",
]


class NewsItemForm(VersionedForm):
    """Carries the version it was read at: a save after someone else's is refused."""

    public_texts = ("title_sv", "title_en", "body_sv", "body_en")

    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_(
            "A JPEG or PNG picture of at most 5 MB. Its metadata (e.g. where a photo "
            "was taken) is removed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    class Meta:
        model = NewsItem
        fields = CHANGED_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "body_sv": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
        }

    field_order = [
        "kind",
        "title_sv",
        "title_en",
        "body_sv",
        "body_en",
        "image",
        "remove_image",
        "image_alt_sv",
        "image_alt_en",
        "projects",
        "twinnings",
        "organisations",
    ]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        # Made here, not adjusted: StaffForm has already turned the model's choice fields'
        # choices into lists, which a new queryset would not reach.
        several = _("Hold down Ctrl (⌘ on a Mac) to choose more than one.")
        self._links(
            "projects",
            Project.objects.for_municipality(municipality)
            .filter(archived_at__isnull=True)
            .order_by("title_sv"),
            help_text=several,
        )
        self._links(
            "twinnings",
            Twinning.objects.filter(municipality=municipality).select_related("partner"),
            widget=forms.CheckboxSelectMultiple,
            label_of=lambda twinning: twinning.partner.name,
        )
        self._links(
            "organisations",
            Organisation.objects.filter(is_active=True).order_by("name"),
            help_text=several,
        )
        if not self.instance.pk:
            del self.fields["version"]  # a new item: nothing to have been read
        if not self.instance.image_id:
            del self.fields["remove_image"]

    def _links(self, name, queryset, *, widget=None, label_of=None, help_text=""):
        model_field = NewsItem._meta.get_field(name)
        field = forms.ModelMultipleChoiceField(
            queryset=queryset,
            required=False,
            label=capfirst(model_field.verbose_name),
            help_text=help_text,
            widget=widget,
        )
        if label_of:
            field.label_from_instance = label_of
        self.fields[name] = field

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image.size > MAX_BYTES:
            raise forms.ValidationError(_("The image is larger than 5 MB. Choose a smaller one."))
        return image

    def clean(self):
        data = super().clean()
        has_image = data.get("image") or (self.instance.image_id and not data.get("remove_image"))
        if has_image and not (data.get("image_alt_sv") or "").strip():
            self.add_error("image_alt_sv", _("Describe the image in Swedish: say what it shows."))
        return data

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in CHANGED_FIELDS}
