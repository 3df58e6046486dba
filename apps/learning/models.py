"""学习教育: courses and their materials, required-course assignments, study records (credit hours),
question banks, quizzes and knowledge contests with their attempts, essay contests."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import file_fk, person_fk, unit_fk, user_fk
from apps.core.models import (
    BaseModel,
    ParentScopedQuerySet,
    ScopedQuerySet,
    SettingsRow,
    soft_delete_managers,
)
from apps.core.scope import scope_of

from .choices import (
    Audience,
    Difficulty,
    DrawMode,
    EssayStatus,
    MaterialKind,
    QuestionKind,
    QuizKind,
    Theme,
)


def audience_q(user, prefix: str = "") -> Q:
    """Rows (course assignments, quizzes, essay contests) whose audience takes in this user: the
    row's unit is an ancestor of the user's department, team or party branch; "members only"
    rows only for party members. Cached on the user for the request."""
    cached = getattr(user, "_learning_paths", None)
    if cached is None:
        person_id = user.person_id if user.is_authenticated else None
        admin_paths: set[str] = set()
        party_paths: set[str] = set()
        if person_id is not None:
            from apps.orgs.models import PartyMembership, Person
            from apps.orgs.scope import ancestor_paths

            # One query for the paths of the department, the team and the party branch.
            row = (
                Person.objects.filter(pk=person_id)
                .values_list("department__path", "team__path")
                .first()
            ) or (None, None)
            for path in row:
                admin_paths.update(ancestor_paths(path) if path else ())
            branch_path = (
                PartyMembership.objects.filter(person_id=person_id, branch__isnull=False)
                .values_list("branch__path", flat=True)
                .first()
            )
            party_paths = set(ancestor_paths(branch_path) if branch_path else ())
            if branch_path:
                party_paths |= admin_paths
        cached = (sorted(admin_paths | party_paths), sorted(party_paths))
        user._learning_paths = cached
    everyone, members = cached
    p = prefix
    return Q(
        **{f"{p}audience__in": (Audience.SUBTREE, Audience.ALL), f"{p}unit__path__in": everyone}
    ) | Q(**{f"{p}audience": Audience.MEMBERS, f"{p}unit__path__in": members})


def _sees_everything(user) -> bool:
    return scope_of(user).everything


class ManagedQuerySet(ScopedQuerySet):
    def managed_by(self, user):
        """The rows of the units the user's roles reach: those they may change. `visible_to` adds
        the rows shown to the audience only."""
        return ScopedQuerySet.visible_to(self, user)


class AudienceModel(BaseModel):
    """Who a course assignment, quiz or essay contest is for: a unit subtree (all its people or
    its party members only), or every employee of a company."""

    unit = unit_fk(_("所属单位"))
    audience = models.CharField(
        _("参加范围"), max_length=10, choices=Audience.choices, default=Audience.SUBTREE
    )
    created_by = user_fk(_("创建人"))

    scope_unit_fields = ("unit",)

    class Meta:
        abstract = True


class CourseQuerySet(ManagedQuerySet):
    def visible_to(self, user):
        """Courses of the units the user reaches, the published library, and courses assigned
        to the user."""
        if _sees_everything(user):
            return self
        if not user.is_authenticated:
            return self.none()
        assigned = CourseAssignment.objects.filter(audience_q(user)).values("course_id")
        return self.filter(
            Q(pk__in=super().visible_to(user).values("pk"))
            | Q(published=True, is_library=True)
            | Q(published=True, pk__in=assigned)
        )


class Course(BaseModel):
    """A course: materials in order and the study hours it credits when completed (the declared
    hours, not time on the page). A library course is open to everyone."""

    title = models.CharField(_("课程名称"), max_length=100)
    theme = models.CharField(_("主题"), max_length=12, choices=Theme.choices, default=Theme.OTHER)
    summary = models.TextField(_("课程简介"), blank=True)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1)
    is_library = models.BooleanField(_("列入选学课程库"), default=True)
    published = models.BooleanField(_("已发布"), default=True)
    quiz = models.ForeignKey(
        "Quiz",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_of",
        verbose_name=_("结课测验"),
    )
    unit = unit_fk(_("开课单位"))
    created_by = user_fk(_("创建人"))

    objects, all_objects = soft_delete_managers(CourseQuerySet)
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["published", "is_library", "theme"], name="ln_course_lib")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("learning:course", args=[self.pk])


class Material(models.Model):
    """One piece of a course: rich text, a PDF or video file, or a link."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="materials", verbose_name=_("课程")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    title = models.CharField(_("标题"), max_length=100)
    kind = models.CharField(_("类型"), max_length=8, choices=MaterialKind.choices)
    body = models.TextField(_("正文"), blank=True)
    url = models.URLField(_("链接"), blank=True)
    attachment = file_fk(_("文件"))

    # Seen by whoever sees its course (the course's own audience rule).
    objects = ParentScopedQuerySet.as_manager()
    scope_parent = "course"

    class Meta:
        verbose_name = _("学习资料")
        verbose_name_plural = _("学习资料")
        ordering = ["course", "order", "pk"]

    def __str__(self):
        return self.title


class AssignmentQuerySet(ManagedQuerySet):
    def visible_to(self, user):
        """The unit's cadres see an assignment; its learners see the ones meant for them."""
        if _sees_everything(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(pk__in=super().visible_to(user).values("pk")) | audience_q(user))


class CourseAssignment(AudienceModel):
    """A required course (必修) assigned to a unit's people (or its party members, or everyone)
    with a deadline; it belongs to the unit it was assigned to."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("课程")
    )
    starts_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("完成期限"))
    # Set when those who had not finished were reminded before the deadline (once).
    reminded_at = models.DateTimeField(_("催学时间"), null=True, blank=True, editable=False)

    objects, all_objects = soft_delete_managers(AssignmentQuerySet)

    class Meta:
        verbose_name = _("必修课程安排")
        verbose_name_plural = _("必修课程安排")
        ordering = ["-due_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "due_on"], name="ln_assign_unit_due"),
            models.Index(fields=["reminded_at", "due_on"], name="ln_assign_remind"),
        ]

    def __str__(self):
        return f"{self.course} → {self.unit}"


class LearnerRecord(models.Model):
    """A row of one learner's own (a material done, a course opened or completed): the learner
    always sees it."""

    person = person_fk(_("学员"), models.CASCADE)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_owner_field = "person"

    class Meta:
        abstract = True


class MaterialProgress(LearnerRecord):
    """A learner marked a material done (once)."""

    material = models.ForeignKey(
        Material, on_delete=models.CASCADE, related_name="progress", verbose_name=_("资料")
    )
    done_at = models.DateTimeField(_("完成时间"), default=timezone.now)

    class Meta:
        verbose_name = _("资料学习记录")
        verbose_name_plural = _("资料学习记录")
        constraints = [
            models.UniqueConstraint(fields=["person", "material"], name="ln_progress_once")
        ]

    def __str__(self):
        return f"{self.person_id} {self.material_id}"


class CourseStart(LearnerRecord):
    """When a learner first opened a course's materials: the course credits its hours only once
    a share of them has passed since (LearningSettings.study_share), so a two-hour course is
    not completed in seconds."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="starts", verbose_name=_("课程")
    )
    opened_at = models.DateTimeField(_("开始学习时间"), default=timezone.now)

    class Meta:
        verbose_name = _("开始学习记录")
        verbose_name_plural = _("开始学习记录")
        constraints = [
            models.UniqueConstraint(fields=["person", "course"], name="ln_course_start_once")
        ]

    def __str__(self):
        return f"{self.person_id} {self.course_id}"


class StudyRecord(LearnerRecord):
    """A completed course: credits the course's declared hours to the learner once, on the day
    of completion. `unit` is the learner's team (else department) then, for unit summaries."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="records", verbose_name=_("课程")
    )
    unit = unit_fk(_("所在单位"))
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1)
    completed_at = models.DateTimeField(_("完成时间"), default=timezone.now)

    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("学习记录")
        verbose_name_plural = _("学习记录")
        ordering = ["-completed_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["person", "course"], name="ln_record_once")]
        indexes = [
            models.Index(fields=["unit", "completed_at"], name="ln_record_unit_at"),
            models.Index(fields=["person", "completed_at"], name="ln_record_person_at"),
            # Covering: the coverage figure reads who finished a course without the rows.
            models.Index(fields=["course", "completed_at", "person"], name="ln_record_course_done"),
            models.Index(fields=["completed_at"], name="ln_record_at"),
        ]

    def __str__(self):
        return f"{self.person_id} {self.course_id}"


class QuestionBank(BaseModel):
    """A bank of questions kept by a unit; quizzes draw from it."""

    name = models.CharField(_("题库名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    unit = unit_fk(_("所属单位"))
    created_by = user_fk(_("创建人"))

    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("题库")
        verbose_name_plural = _("题库")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("learning:bank", args=[self.pk])


class Question(BaseModel):
    """A question: options (choice kinds), the answer key, tags and difficulty.

    Answer keys: choice letters ("A", "ACD"), "T"/"F" for true/false, and for fill-in the
    accepted answers separated by "|" (blanks by "||" is not supported: one blank per question)."""

    bank = models.ForeignKey(
        QuestionBank, on_delete=models.CASCADE, related_name="questions", verbose_name=_("题库")
    )
    kind = models.CharField(_("题型"), max_length=10, choices=QuestionKind.choices)
    stem = models.TextField(_("题干"))
    options = models.JSONField(_("选项"), default=list, blank=True)
    answer = models.CharField(_("答案"), max_length=200)
    explanation = models.TextField(_("解析"), blank=True)
    # ",tag1,tag2," so one tag is matched exactly with `contains`.
    tags = models.CharField(_("标签"), max_length=200, blank=True, db_index=True)
    difficulty = models.PositiveSmallIntegerField(
        _("难度"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )

    scope_unit_fields = ("bank__unit",)

    class Meta:
        verbose_name = _("试题")
        verbose_name_plural = _("试题")
        ordering = ["bank", "pk"]
        indexes = [models.Index(fields=["bank", "kind", "difficulty"], name="ln_question_draw")]

    def __str__(self):
        return self.stem[:40]

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]


class QuestionImport(models.Model):
    """An uploaded question workbook, checked row by row: nothing is written to the bank until
    a cadre confirms, and then all rows or none."""

    bank = models.ForeignKey(
        QuestionBank, on_delete=models.CASCADE, related_name="imports", verbose_name=_("题库")
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    rows = models.JSONField(_("有效行"), default=list, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)  # [{row, column, message}]
    total = models.PositiveIntegerField(_("总行数"), default=0)
    created_by = user_fk(_("上传人"))
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_unit_fields = ("bank__unit",)

    class Meta:
        verbose_name = _("试题导入")
        verbose_name_plural = _("试题导入")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name


class QuizQuerySet(ManagedQuerySet):
    def visible_to(self, user):
        """The organiser's cadres see a quiz; learners see the published ones meant for them and
        the check quizzes of courses they see."""
        if _sees_everything(user):
            return self
        if not user.is_authenticated:
            return self.none()
        courses = Course.objects.visible_to(user).filter(quiz__isnull=False).values("quiz_id")
        return self.filter(
            Q(pk__in=super().visible_to(user).values("pk"))
            | Q(published=True) & (audience_q(user) | Q(pk__in=courses))
        )


class Quiz(AudienceModel):
    """A quiz or a knowledge contest (知识竞赛): fixed questions or a random draw, a window, a time
    limit, a number of attempts and a pass mark. Rankings of individuals show for contests, and
    for a quiz only where an admin switches them on."""

    title = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=8, choices=QuizKind.choices, default="quiz")
    description = models.TextField(_("说明"), blank=True)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    time_limit_minutes = models.PositiveSmallIntegerField(_("答题时限(分钟)"), default=30)
    max_attempts = models.PositiveSmallIntegerField(_("可答次数"), default=1)
    pass_score = models.DecimalField(_("及格分"), max_digits=4, decimal_places=1, default=60)
    draw_mode = models.CharField(
        _("组卷方式"), max_length=8, choices=DrawMode.choices, default=DrawMode.FIXED
    )
    questions = models.ManyToManyField(
        Question, through="QuizQuestion", related_name="+", blank=True, verbose_name=_("试题")
    )
    banks = models.ManyToManyField(
        QuestionBank, related_name="+", blank=True, verbose_name=_("抽题题库")
    )
    draw_tag = models.CharField(_("抽题标签"), max_length=30, blank=True)
    draw_difficulty = models.PositiveSmallIntegerField(
        _("抽题难度"), choices=Difficulty.choices, null=True, blank=True
    )
    draw_count = models.PositiveSmallIntegerField(_("抽题数量"), default=10)
    show_ranking = models.BooleanField(_("公布个人排名"), default=False)
    published = models.BooleanField(_("已发布"), default=True)

    objects, all_objects = soft_delete_managers(QuizQuerySet)

    class Meta:
        verbose_name = _("测验/竞赛")
        verbose_name_plural = _("测验/竞赛")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["kind", "closes_at"], name="ln_quiz_kind_close")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("learning:quiz", args=[self.pk])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def window_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class QuizQuestion(models.Model):
    """A fixed question of a quiz, in order."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="ln_quiz_q_once")]

    def __str__(self):
        return f"{self.quiz_id} {self.question_id}"


class Attempt(models.Model):
    """One try at a quiz: the questions drawn for it are stored, so grading uses what the taker
    saw; timed on the server from `started_at`; graded and stored once."""

    quiz = models.ForeignKey(
        Quiz, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("测验")
    )
    person = person_fk(_("答题人"), models.CASCADE)
    unit = unit_fk(_("所在单位"))
    number = models.PositiveSmallIntegerField(_("第几次"))
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    deadline_at = models.DateTimeField(_("须交卷时间"))
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    question_ids = models.JSONField(_("试题"), default=list)
    answers = models.JSONField(_("作答"), default=dict, blank=True)
    correct_ids = models.JSONField(_("答对的题"), default=list, blank=True)
    correct_count = models.PositiveSmallIntegerField(_("答对题数"), default=0)
    score = models.DecimalField(_("得分"), max_digits=4, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("及格"), default=False)
    duration_seconds = models.PositiveIntegerField(_("用时(秒)"), null=True, blank=True)
    # The person's best graded attempt of this quiz (a plausible one first, then score, then
    # time): what rankings read.
    is_best = models.BooleanField(_("最好成绩"), default=False)
    # Handed in faster than LearningSettings.min_seconds_per_question allows: kept and graded,
    # left out of rankings and shown to the organiser to check.
    too_fast = models.BooleanField(_("用时过短"), default=False)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_unit_fields = ("unit", "quiz__unit")
    scope_owner_field = "person"

    class Meta:
        verbose_name = _("答题记录")
        verbose_name_plural = _("答题记录")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "person", "number"], name="ln_attempt_once")
        ]
        indexes = [
            models.Index(
                fields=["quiz", "is_best", "-score", "duration_seconds"], name="ln_attempt_rank"
            ),
            models.Index(fields=["person", "quiz"], name="ln_attempt_person"),
        ]

    def __str__(self):
        return f"{self.quiz_id} {self.person_id} #{self.number}"

    @property
    def total(self) -> int:
        return len(self.question_ids)


class EssayContestQuerySet(ManagedQuerySet):
    def visible_to(self, user):
        """The organiser's cadres, the judges, and the people the call is for."""
        if _sees_everything(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(pk__in=super().visible_to(user).values("pk"))
            | audience_q(user)
            | Q(pk__in=EssayContest.judges.through.objects.filter(user=user).values("essaycontest"))
        )


class EssayContest(AudienceModel):
    """A call for essays (主题征文): a window and an audience; judges score the entries; the
    results are published."""

    title = models.CharField(_("征文主题"), max_length=100)
    description = models.TextField(_("征文启事"), blank=True)
    opens_at = models.DateTimeField(_("征集开始"))
    closes_at = models.DateTimeField(_("征集截止"))
    status = models.CharField(
        _("状态"), max_length=10, choices=EssayStatus.choices, default=EssayStatus.OPEN
    )
    judges = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("评委")
    )
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    objects, all_objects = soft_delete_managers(EssayContestQuerySet)

    class Meta:
        verbose_name = _("征文活动")
        verbose_name_plural = _("征文活动")
        ordering = ["-opens_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("learning:essay", args=[self.pk])


class SubmissionQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The author, the contest's judges and organising cadres; everyone who sees the contest
        once the results are published."""
        if _sees_everything(user):
            return self
        if not user.is_authenticated:
            return self.none()
        contests = EssayContest.objects.visible_to(user)
        judged = EssayContest.judges.through.objects.filter(user=user).values("essaycontest")
        return self.filter(
            Q(pk__in=super().visible_to(user).values("pk"))
            | Q(contest__in=judged)
            | Q(contest__in=contests.filter(status=EssayStatus.PUBLISHED).values("pk"))
        )


class EssaySubmission(BaseModel):
    """An entry to an essay contest: text or a file, one per person per contest."""

    contest = models.ForeignKey(
        EssayContest, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("征文")
    )
    person = person_fk(_("作者"), models.CASCADE)
    unit = unit_fk(_("所在单位"))
    title = models.CharField(_("题目"), max_length=100)
    body = models.TextField(_("正文"), blank=True)
    attachment = file_fk(_("文件"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    score = models.DecimalField(_("评分"), max_digits=4, decimal_places=1, null=True, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)

    objects, all_objects = soft_delete_managers(SubmissionQuerySet)
    scope_unit_fields = ("contest__unit",)
    scope_owner_field = "person"

    class Meta:
        verbose_name = _("征文作品")
        verbose_name_plural = _("征文作品")
        ordering = ["rank", "-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "person"],
                condition=Q(deleted_at__isnull=True),
                name="ln_essay_once",
            )
        ]

    def __str__(self):
        return self.title


class EssayScore(models.Model):
    """One judge's score (0–100) of one entry; a judge scores an entry once (may revise)."""

    submission = models.ForeignKey(
        EssaySubmission, on_delete=models.CASCADE, related_name="scores", verbose_name=_("作品")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("评委")
    )
    score = models.DecimalField(_("分数"), max_digits=4, decimal_places=1)
    comment = models.CharField(_("评语"), max_length=500, blank=True)
    scored_at = models.DateTimeField(_("评分时间"), default=timezone.now)

    class Meta:
        verbose_name = _("征文评分")
        verbose_name_plural = _("征文评分")
        constraints = [
            models.UniqueConstraint(fields=["submission", "judge"], name="ln_essay_score_once")
        ]

    def __str__(self):
        return f"{self.submission_id} {self.score}"


class LearningSettings(SettingsRow):
    """Site switches an admin sets (one row; defaults when there is none)."""

    rank_individuals = models.BooleanField(
        _("公布个人学时排名"),
        default=False,
        help_text=_("默认关闭:不公开排名个人学时(知识竞赛除外)。"),
    )
    study_share = models.PositiveSmallIntegerField(
        _("记学时的最短学习时间(%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "自首次打开学习资料起,须经过课程学时的这一比例才能完成课程并记学时;0 为不检查。"
        ),
    )
    min_seconds_per_question = models.PositiveSmallIntegerField(
        _("排名的每题最短用时(秒)"),
        default=3,
        validators=[MaxValueValidator(600)],
        help_text=_("用时少于“题数 × 该秒数”的答卷不计入排名,标记给组织者核查;0 为不检查。"),
    )

    class Meta:
        verbose_name = _("学习教育设置")
        verbose_name_plural = _("学习教育设置")
