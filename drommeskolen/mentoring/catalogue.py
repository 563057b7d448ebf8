"""The life-skills sessions of the Drømmeskolen model, as code (seed 000).

Four sessions led by pupil mentors in their mentor classes (8th grade / Vg1), and nine
"Å ha det bra" sessions led by teachers in 9th–10th grade / Vg2–Vg3. Keys are stored in
the database; names are shown translated. The school adds its own materials to each.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from drommeskolen.people.models import Grade


class Leader:
    MENTORS = "mentors"
    TEACHER = "teacher"


@dataclass(frozen=True)
class Topic:
    key: str
    name: str | Promise
    led_by: str  # Leader.MENTORS or Leader.TEACHER
    grades: tuple[int, ...]


MENTOR_GRADES = (Grade.GRADE_8.value, Grade.VG1.value)
TEACHER_GRADES = (Grade.GRADE_9.value, Grade.GRADE_10.value, Grade.VG2.value, Grade.VG3.value)

MENTOR_TOPICS = (
    Topic("vennskap", _("Vennskap"), Leader.MENTORS, MENTOR_GRADES),
    Topic("sosial_pa_skolen", _("Sosial på skolen"), Leader.MENTORS, MENTOR_GRADES),
    Topic("god_nok", _("God nok"), Leader.MENTORS, MENTOR_GRADES),
    Topic("inkludering_pa_nett", _("Inkludering på nett"), Leader.MENTORS, MENTOR_GRADES),
)
TEACHER_TOPICS = (
    Topic("a_ha_det_bra", _("Å ha det bra"), Leader.TEACHER, TEACHER_GRADES),
    Topic("folelser", _("Følelser"), Leader.TEACHER, TEACHER_GRADES),
    Topic("mestringsstrategier", _("Mestringsstrategier"), Leader.TEACHER, TEACHER_GRADES),
    Topic("hjernen", _("Hjernen"), Leader.TEACHER, TEACHER_GRADES),
    Topic("tanker", _("Tanker"), Leader.TEACHER, TEACHER_GRADES),
    Topic("verdier_og_mot", _("Verdier og mot"), Leader.TEACHER, TEACHER_GRADES),
    Topic("energi_og_ladning", _("Energi og ladning"), Leader.TEACHER, TEACHER_GRADES),
    Topic("drommer_og_hap", _("Drømmer og håp"), Leader.TEACHER, TEACHER_GRADES),
    Topic("sovn", _("Søvn"), Leader.TEACHER, TEACHER_GRADES),
)
TOPICS = MENTOR_TOPICS + TEACHER_TOPICS
BY_KEY = {topic.key: topic for topic in TOPICS}
TOPIC_CHOICES = [(topic.key, topic.name) for topic in TOPICS]


def topics_for_grade(grade: int) -> tuple[Topic, ...]:
    """The sessions a class of this grade should have in a school year."""
    return tuple(topic for topic in TOPICS if grade in topic.grades)


def topic_name(key: str) -> str:
    topic = BY_KEY.get(key)
    return str(topic.name) if topic else key
