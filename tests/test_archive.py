"""Nothing the public has seen is hard-deleted: it is archived, and the trail says who."""

import pytest
from django.core.exceptions import ValidationError

from projektdatabas.core.models import AuditEntry
from projektdatabas.projects.models import Project, PublicRecordDeletion
from projektdatabas.projects.services import (
    archive_project,
    publish_project,
    restore_project,
    unpublish_project,
)
from tests.conftest import coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", username="samordnare")


def test_published_project_cannot_be_deleted_even_after_unpublishing(make_project, coordinator):
    project = make_project()
    publish_project(project=project, actor=coordinator)
    unpublish_project(project=project, actor=coordinator)
    with pytest.raises(PublicRecordDeletion):
        project.delete()
    with pytest.raises(PublicRecordDeletion):
        Project.objects.filter(pk=project.pk).delete()
    assert Project.objects.filter(pk=project.pk).exists()


def test_draft_never_published_may_be_deleted(make_project):
    project = make_project()
    project.delete()
    assert not Project.objects.filter(pk=project.pk).exists()


def test_archiving_hides_from_public_and_is_logged(make_project, coordinator):
    project = make_project()
    publish_project(project=project, actor=coordinator)
    assert list(Project.objects.public()) == [project]

    archive_project(project=project, actor=coordinator, reason="Dubblett")

    assert list(Project.objects.public()) == []
    assert Project.objects.get(pk=project.pk).archived_at is not None
    entry = AuditEntry.objects.filter(object_id=str(project.pk)).first()
    assert entry.action == "project.archived"
    assert entry.actor == coordinator
    assert entry.data == {"reason": "Dubblett"}


def test_archived_project_cannot_be_published_until_restored(make_project, coordinator):
    project = make_project()
    archive_project(project=project, actor=coordinator)
    with pytest.raises(ValidationError):
        publish_project(project=project, actor=coordinator)
    restore_project(project=project, actor=coordinator)
    publish_project(project=project, actor=coordinator)
    assert project.is_public


def test_publishing_needs_a_public_summary(make_project, coordinator):
    project = make_project(public_summary_sv="  ")
    with pytest.raises(ValidationError):
        publish_project(project=project, actor=coordinator)
    assert not Project.objects.public().exists()


def test_admin_offers_no_delete_for_a_record_that_was_public(make_project, admin_client):
    project = make_project()
    publish_project(project=project, actor=coordinator_of(project.municipality))
    response = admin_client.get(f"/admin/projects/project/{project.pk}/delete/")
    assert response.status_code == 403
    response = admin_client.get("/admin/projects/project/")
    assert b"delete_selected" not in response.content
    assert b"archive_selected" in response.content
