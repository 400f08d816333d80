from classrooms.middleware import session_pupil


def pupil(request) -> dict:
    """``is_pupil``: base.html shows the "Hulp nodig?" panel, and hides account links, for pupils."""
    is_pupil = getattr(request, "is_pupil", None)
    if is_pupil is None:
        is_pupil = session_pupil(request) is not None
    return {"is_pupil": is_pupil}
