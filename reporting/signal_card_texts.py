"""What each audience's signal card says, besides the routes (from domain.md (b) and (c), checked Nov 2026).

One voice per audience: staff and teachers are addressed with "u", pupils with "je" (in the Dutch
translations). A single signal proves nothing, so every card starts with that.
"""

from django.utils.translation import gettext_lazy as _

from reporting.cards import Audience

TITLES = {
    Audience.STAFF: _("Signal card for municipal staff"),
    Audience.TEACHERS: _("Signal card for teachers"),
    Audience.PUPILS: _("Signal card for young people"),
}

PRINCIPLES = {
    Audience.STAFF: _(
        "One signal proves nothing; a combination of signals is a reason to act. You do not have to be sure: "
        "discuss it when in doubt."
    ),
    Audience.TEACHERS: _(
        "One signal proves nothing; a combination of signals is a reason to act. You do not have to be sure: "
        "follow your school's reporting code and discuss it when in doubt."
    ),
    Audience.PUPILS: _(
        "Something doesn't feel right? You don't have to be sure, and you don't have to solve it on your own. "
        "It is never your fault."
    ),
}

SIGNALS = {
    Audience.STAFF: [
        (
            _("At the counter and on a home visit"),
            [
                _("Someone else does the talking, or holds the person's passport"),
                _("The person seems afraid or is not allowed to speak alone"),
                _("Many moves, or many people registered at one address"),
                _("Someone else controls their bank card or DigiD"),
            ],
        ),
        (
            _("Work and housing"),
            [
                _("Very long days, dangerous work"),
                _("Little, late or no pay; paid in cash"),
                _("Debts to the employer for travel, fees or rent"),
                _("Lives through the employer or at work; does not know their own address"),
            ],
        ),
        (
            _("Sexual and criminal exploitation"),
            [
                _("Sudden money or gifts; several phones"),
                _("Injuries, tiredness, fear"),
                _("Threats or blackmail, also with images"),
                _("Forced to commit crimes or to lend a bank account"),
            ],
        ),
    ],
    Audience.TEACHERS: [
        (
            _("Behaviour and school"),
            [
                _("Truancy, absence around weekends, running away"),
                _("Grades drop, or suddenly rise"),
                _("Mood swings, tiredness, self-harm, injuries, a name tattoo"),
            ],
        ),
        (
            _("Money, phones and contacts"),
            [
                _("Sudden money, expensive clothes or gifts"),
                _("Several phones, secretive about them, must always be reachable"),
                _("An older man or older youths waiting at school; picked up by scooter or car"),
            ],
        ),
    ],
    Audience.PUPILS: [
        (
            _("Watch out if someone"),
            [
                _("you don't know flatters you and soon asks for photos"),
                _("offers you 'quick money', or asks for your bank card or to take a package somewhere"),
                _("gives you presents that later turn into a 'debt'"),
                _("says you must keep it a secret, or threatens to share your photos"),
            ],
        ),
        (
            _("What you can do"),
            [
                _("Don't send anything and don't pay; block them and keep the messages"),
                _("Say no: that is always allowed"),
                _("Tell an adult you trust, also when it is about a friend"),
            ],
        ),
    ],
}

STEPS = {
    Audience.STAFF: [
        _("Write down facts, apart from what you think they mean."),
        _("Discuss it with the trafficking contact person of your organisation, or ask CoMensha for advice."),
        _("Danger now? Call 112."),
    ],
    Audience.TEACHERS: [
        _("Write down facts, apart from what you think they mean."),
        _("Follow the reporting code: discuss it with the school's contact person and ask Veilig Thuis for advice."),
        _("Do not promise a pupil secrecy. Danger now? Call 112."),
    ],
    Audience.PUPILS: [
        _("The adult listens to you first."),
        _(
            "If you are in danger, an adult at school may not keep it a secret, but you hear first what will happen "
            "and who they will talk to."
        ),
        _("You get help, not punishment."),
    ],
}

STEPS_HEADINGS = {
    Audience.STAFF: _("What do you do?"),
    Audience.TEACHERS: _("What do you do?"),
    Audience.PUPILS: _("What happens when you tell an adult?"),
}

# National routes a card leaves out. Meld Misdaad Anoniem bypasses the Meldcode, so it is not a teacher's route
# for a worry about a pupil (domain.md (c), "Which route when"); staff keep it for an anonymous tip.
LEFT_OUT = {Audience.TEACHERS: frozenset({"Meld Misdaad Anoniem"})}
