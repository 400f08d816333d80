from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organisations.contacts import organisation_reporting_contacts, reporting_contacts_save
from organisations.contacts_forms import reporting_contact_forms
from organisations.selectors import organisation_for_manager


@login_required
def reporting_contacts(request, organisation_id: int):
    """The organisation's own reporting routes, set by its coordinator; a 404 for anyone else."""
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    contacts = organisation_reporting_contacts(organisation=organisation)
    data = request.POST if request.method == "POST" else None
    forms = reporting_contact_forms(organisation=organisation, contacts=contacts, data=data)
    if data is not None and all(form.is_valid() for form in forms):
        reporting_contacts_save(organisation=organisation, contacts={form.kind: form.values() for form in forms})
        messages.success(
            request,
            _("The reporting routes are saved. Your members see them in lessons and on the page Where do I report?"),
        )
        return redirect("organisations:reporting_contacts", organisation_id=organisation.pk)
    has_errors = data is not None
    return render(
        request,
        "organisations/contacts/edit.html",
        {"organisation": organisation, "forms": forms, "has_errors": has_errors},
        status=400 if has_errors else 200,
    )
