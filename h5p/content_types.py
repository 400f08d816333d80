"""What a content type tells the platform when it is played: a score, only that it was completed, or nothing.

Known per library (the main library's machine name), so an editor learns it when placing an activity in a
lesson, long before a learner is stuck. The test packages (valid H5P packages of these types) were checked by reading
their libraries' scripts for the xAPI events they send; the others follow the content types' documented behaviour.
A library not listed is treated as scored, which is what interactive H5P content usually is.
"""

SCORE = "score"  # sends "answered"/"completed" with a score: needs a pass mark
COMPLETION = "completion"  # says it was completed (e.g. "consumed" with completion), never a score
NOTHING = "nothing"  # sends no result at all: it can never be passed, so it cannot be required

REPORTING = {
    # Checked in the shared packages' scripts:
    "H5P.Blanks": SCORE,
    "H5P.DragText": SCORE,
    "H5P.MultiChoice": SCORE,
    "H5P.TrueFalse": SCORE,
    "H5P.Accordion": COMPLETION,  # "consumed" with result.completion when opened
    "H5P.Dialogcards": NOTHING,  # 1.8 sends no xAPI statement at all
    "H5P.GreetingCard": NOTHING,
    # Documented behaviour:
    "H5P.ArithmeticQuiz": SCORE,
    "H5P.CoursePresentation": SCORE,
    "H5P.DragQuestion": SCORE,
    "H5P.Essay": SCORE,
    "H5P.FindTheWords": SCORE,
    "H5P.ImageMultipleHotspotQuestion": SCORE,
    "H5P.ImageHotspotQuestion": SCORE,
    "H5P.ImagePair": SCORE,
    "H5P.ImageSequencing": SCORE,
    "H5P.InteractiveVideo": SCORE,
    "H5P.MarkTheWords": SCORE,
    "H5P.QuestionSet": SCORE,
    "H5P.SingleChoiceSet": SCORE,
    "H5P.SortParagraphs": SCORE,
    "H5P.Summary": SCORE,
    "H5P.AdvancedText": NOTHING,
    "H5P.Agamotto": NOTHING,
    "H5P.Audio": NOTHING,
    "H5P.Chart": NOTHING,
    "H5P.Collage": NOTHING,
    "H5P.IFrameEmbed": NOTHING,
    "H5P.Image": NOTHING,
    "H5P.ImageHotspots": NOTHING,
    "H5P.ImageSlider": NOTHING,
    "H5P.Link": NOTHING,
    "H5P.Table": NOTHING,
    "H5P.Timeline": NOTHING,
    "H5P.Video": NOTHING,
}


def library_reporting(machine_name: str) -> str:
    return REPORTING.get(machine_name, SCORE)
