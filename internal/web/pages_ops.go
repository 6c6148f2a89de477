package web

// Operations pages for the 系统管理员: the working-day calendar and the
// holiday notices behind it, the background jobs and message deliveries,
// and the units' message robots.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/calendar"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ---------------------------------------------------------------------------
// The working-day calendar.

// calDay is one cell of a month grid.
type calDay struct {
	Day                                  int // 0 for a blank cell before the 1st or after the last day
	Holiday, Makeup, Weekend, Today, Sat bool
	Title                                string
}

// calMonth is one month, in weeks starting on Monday.
type calMonth struct {
	Month    int
	Weeks    [][7]calDay
	Workdays int
}

// calendarPage shows a year of the calendar, the loaded years and the
// administrators' notices, and loads a notice.
type calendarPage struct {
	BasePage
	Year        int
	Info        *calendar.Year // the year's arrangement, nil when none is loaded
	Months      []calMonth
	Workdays    int
	Years       []calendar.Year
	Notices     []*store.CalendarNotice
	NoticeText  string
	NoticeError string
	NoticeLines []string
	Example     string
}

// noticeExample is the example of calendar/doc.go.
const noticeExample = `# 国务院办公厅关于2027年部分节假日安排的通知
年份: 2027
来源: 国务院办公厅关于2027年部分节假日安排的通知
发布日期: 2026-11-05
放假: 2027-01-01 至 2027-01-03 元旦
放假: 2027-02-05 至 2027-02-13 春节
上班: 2027-01-31 春节调休`

var weekdayNames = [7]string{"日", "一", "二", "三", "四", "五", "六"}

// calendarMonths lays out year y of cal in 12 Monday-first month grids.
func calendarMonths(cal *calendar.Calendar, y int, today calendar.Date) ([]calMonth, int) {
	months := make([]calMonth, 0, 12)
	total := 0
	for m := time.January; m <= time.December; m++ {
		cm := calMonth{Month: int(m)}
		first := calendar.Date{Year: y, Month: m, Day: 1}
		var week [7]calDay
		col := (int(first.Weekday()) + 6) % 7 // Monday is column 0
		for d := first; d.Month == m; d = d.AddDays(1) {
			info := cal.Day(d)
			wd := d.Weekday()
			c := calDay{Day: d.Day, Today: d == today, Weekend: wd == time.Saturday || wd == time.Sunday}
			switch info.Kind {
			case calendar.KindHoliday:
				c.Holiday, c.Title = true, info.Name+"（放假）"
			case calendar.KindMakeupWorkday:
				c.Makeup, c.Title = true, info.Name+"（调休上班）"
			case calendar.KindWeekend:
				c.Title = "周" + weekdayNames[wd] + "（休息）"
			default:
				c.Title = "周" + weekdayNames[wd] + "（工作日）"
			}
			if c.Today {
				c.Title += "，今天"
			}
			if info.Work {
				cm.Workdays++
			}
			week[col] = c
			col++
			if col == 7 {
				cm.Weeks = append(cm.Weeks, week)
				week, col = [7]calDay{}, 0
			}
		}
		if col > 0 {
			cm.Weeks = append(cm.Weeks, week)
		}
		total += cm.Workdays
		months = append(months, cm)
	}
	return months, total
}

// calendarYearParam reads ?year=, defaulting to the current year.
func (s *Server) calendarYearParam(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get("year"))
	if v == "" {
		return s.clock.Now().In(chinaTime).Year(), nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2999 {
		return 0, zhongshu.Errorf(zhongshu.CodeInvalid, "年份应为 1900 至 2999 之间的四位数字。")
	}
	return y, nil
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request, year int) (*calendarPage, error) {
	a := actor(r)
	cal := s.app.Calendar()
	p := &calendarPage{BasePage: s.base(w, r, "节假日与工作日历"), Year: year, Years: cal.Years(), Example: noticeExample}
	for i := range p.Years {
		if p.Years[i].Year == year {
			p.Info = &p.Years[i]
		}
	}
	today := calendar.DateOf(s.clock.Now(), chinaTime)
	p.Months, p.Workdays = calendarMonths(cal, year, today)
	var err error
	if p.Notices, err = s.app.CalendarNotices(r.Context(), a); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Server) handleCalendar(w http.ResponseWriter, r *http.Request) error {
	year, err := s.calendarYearParam(r)
	if err != nil {
		return err
	}
	p, err := s.calendarPage(w, r, year)
	if err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "calendar", "layout", p)
}

func (s *Server) handleCalendarLoad(w http.ResponseWriter, r *http.Request) error {
	text := r.PostFormValue("notice")
	y, err := s.app.LoadNotice(r.Context(), actor(r), text)
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		year, _ := strconv.Atoi(r.PostFormValue("year"))
		if year < 1900 || year > 2999 {
			year = s.clock.Now().In(chinaTime).Year()
		}
		p, perr := s.calendarPage(w, r, year)
		if perr != nil {
			return perr
		}
		p.NoticeText, p.NoticeError = text, msg
		if strings.TrimSpace(text) == "" {
			p.NoticeError = "请粘贴节假日安排文件的内容后再载入。"
		}
		for _, line := range strings.Split(fields["notice"], "\n") {
			if line = strings.TrimSpace(line); line != "" {
				p.NoticeLines = append(p.NoticeLines, line)
			}
		}
		return s.pages.render(w, http.StatusBadRequest, "calendar", "layout", p)
	}
	return redirect(w, r, fmt.Sprintf("/admin/calendar?year=%d", y.Year),
		fmt.Sprintf("已载入 %d 年节假日安排：%s（放假 %d 天，调休上班 %d 天），新计算的期限即按此执行。", y.Year, y.Source, len(y.Off), len(y.Workday)))
}

func (s *Server) handleCalendarDelete(w http.ResponseWriter, r *http.Request) error {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 1900 || year > 2999 {
		return zhongshu.Errorf(zhongshu.CodeNotFound, "该年度的节假日安排不存在。")
	}
	if err := s.app.DeleteNotice(r.Context(), actor(r), year); err != nil {
		return err
	}
	msg := fmt.Sprintf("已删除 %d 年载入的节假日安排。", year)
	if s.app.Calendar().HasYear(year) {
		msg += "该年度恢复使用系统内置数据。"
	} else {
		msg += "该年度期限暂按周一至周五计算。"
	}
	return redirect(w, r, fmt.Sprintf("/admin/calendar?year=%d", year), msg)
}

// ---------------------------------------------------------------------------
// Background jobs and deliveries.

// jobLabels names the background jobs in Chinese, in the page's order.
var jobLabels = []struct{ Name, Label, About string }{
	{"deadlines.sweep", "期限检查", "检查到期事项，发出临期、到期、超期提醒，登记压、误"},
	{"outbox.fanout", "通知分发", "把新通知按各人的选择分发到邮件和机器人"},
	{"deliveries.send", "消息投递", "发送待投递的邮件和机器人消息，失败的按间隔重试"},
	{"digest.daily", "每日汇总", "每个工作日向有待办的人员发送汇总"},
	{"incoming.readers", "漏传检查", fmt.Sprintf("传阅超过%d个工作日未阅看的，登记为漏", app.UnreachedWorkdays)},
	{"outgoing.receipts", "发文签收检查", fmt.Sprintf("送达后超过%d个工作日未签收的，登记为漏", app.UnsignedWorkdays)},
	{"attachments.extract", "附件文字提取", "提取新上传附件的文字，供全文检索"},
	{"db.optimize", "数据库统计", "每天更新一次查询统计信息，使查询保持快速"},
	{"sessions.cleanup", "会话清理", "清除已过期的登录会话"},
}

func jobLabel(name string) (label, about string) {
	for _, j := range jobLabels {
		if j.Name == name {
			return j.Label, j.About
		}
	}
	return name, ""
}

// jobRow is one background job with its last run.
type jobRow struct {
	Name, Label, About string
	Run                *store.JobRun // nil when it has not run yet
}

// deliveryRow is one delivery as the page shows it.
type deliveryRow struct {
	*store.Delivery
	ChannelLabel, TargetLabel string
}

// jobsPage lists the background jobs and the deliveries.
type jobsPage struct {
	BasePage
	Jobs       []jobRow
	Runner     bool // jobs run in this instance and can be started here
	Status     string
	Statuses   []struct{ Code, Label string }
	Deliveries []deliveryRow
	Pager      Pager
}

var deliveryStatuses = []struct{ Code, Label string }{
	{"failed", "投递失败"}, {"pending", "等待投递"}, {"sent", "已发送"}, {"all", "全部"},
}

const deliveriesPageSize = 50

// jobNameList is the jobs this server knows: the runner's, else the app's.
func (s *Server) jobNameList() []string {
	if len(s.jobNames) > 0 {
		return s.jobNames
	}
	specs := s.app.JobSpecs()
	names := make([]string, len(specs))
	for i, j := range specs {
		names[i] = j.Name
	}
	return names
}

// maskEmail hides most of an address: "zh***@qc.gov.cn".
func maskEmail(addr string) string {
	local, domain, ok := strings.Cut(addr, "@")
	if !ok {
		return "***"
	}
	rs := []rune(local)
	keep := 2
	if len(rs) <= 3 {
		keep = 1
	}
	if len(rs) < keep {
		keep = len(rs)
	}
	return string(rs[:keep]) + "***@" + domain
}

func deliveryOut(d *store.Delivery) deliveryRow {
	row := deliveryRow{Delivery: d, ChannelLabel: d.Channel, TargetLabel: d.Target}
	switch d.Channel {
	case "email":
		row.ChannelLabel, row.TargetLabel = "邮件", maskEmail(d.Target)
	case "im":
		row.ChannelLabel = "机器人"
		if id, ok := strings.CutPrefix(d.Target, "robot:"); ok {
			row.TargetLabel = "机器人#" + id
		}
	}
	return row
}

func (s *Server) handleJobs(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	status := r.URL.Query().Get("status")
	if status == "" {
		status = "failed"
	}
	if !slices.ContainsFunc(deliveryStatuses, func(x struct{ Code, Label string }) bool { return x.Code == status }) {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "投递状态选择不正确。")
	}
	runs, err := s.app.Jobs(r.Context(), a)
	if err != nil {
		return err
	}
	byName := map[string]*store.JobRun{}
	for _, j := range runs {
		byName[j.Name] = j
	}
	p := &jobsPage{BasePage: s.base(w, r, "后台任务与消息投递"), Runner: s.runJob != nil, Status: status, Statuses: deliveryStatuses}
	seen := map[string]bool{}
	add := func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		label, about := jobLabel(name)
		p.Jobs = append(p.Jobs, jobRow{Name: name, Label: label, About: about, Run: byName[name]})
	}
	for _, name := range s.jobNameList() {
		add(name)
	}
	for _, j := range runs { // jobs that ran elsewhere, under another version
		add(j.Name)
	}
	filter := status
	if filter == "all" {
		filter = ""
	}
	pg, n := pageParams(r, deliveriesPageSize)
	ds, total, err := s.app.Deliveries(r.Context(), a, filter, pg)
	if err != nil {
		return err
	}
	for _, d := range ds {
		p.Deliveries = append(p.Deliveries, deliveryOut(d))
	}
	p.Pager = newPager(r, total, n, deliveriesPageSize)
	return s.pages.render(w, http.StatusOK, "jobs", "layout", p)
}

// jobRunTimeout bounds a job started from the page.
const jobRunTimeout = 2 * time.Minute

func (s *Server) handleJobRun(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if !slices.Contains(s.jobNameList(), name) {
		return zhongshu.Errorf(zhongshu.CodeNotFound, "没有名为“%s”的后台任务。", name)
	}
	if s.runJob == nil {
		return zhongshu.Errorf(zhongshu.CodePrecondition, "后台任务未在本实例运行，无法在此立即运行。")
	}
	label, _ := jobLabel(name)
	a := actor(r)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), jobRunTimeout)
	defer cancel()
	detail, err := s.runJob(ctx, name)
	s.log.InfoContext(r.Context(), "job run by hand", "job", name, "by", a.User.Username, "ok", err == nil, "detail", detail)
	note := detail
	if err != nil {
		note = err.Error()
	}
	if nerr := s.app.NoteJobRun(r.Context(), a, name, label+"："+note, err != nil); nerr != nil {
		return nerr
	}
	if err != nil {
		setFlash(w, fmt.Sprintf("“%s”运行失败：%s", label, err.Error()), true)
		http.Redirect(w, r, "/admin/jobs", http.StatusSeeOther)
		return nil
	}
	msg := fmt.Sprintf("“%s”已运行", label)
	if detail != "" {
		msg += "：" + detail
	}
	return redirect(w, r, "/admin/jobs", msg+"。")
}

func (s *Server) handleDeliveryRetry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.RetryDelivery(r.Context(), actor(r), id); err != nil {
		return err
	}
	return redirect(w, r, "/admin/jobs?status=failed", fmt.Sprintf("投递 #%d 已重新排入队列，将在几秒内发送。", id))
}

// ---------------------------------------------------------------------------
// Unit robots.

// unitRobot is a robot with its unit's name.
type unitRobot struct {
	*store.Robot
	UnitName string
}

// robotsPage lists the units' robots and adds one.
type robotsPage struct {
	BasePage
	Robots []unitRobot
	Units  []*app.UnitNode
	Kinds  []struct{ Code, Label string }
	Form   robotForm
	Error  string
	Fields map[string]string
	IMOn   bool
}

func (s *Server) robotsPage(w http.ResponseWriter, r *http.Request) (*robotsPage, error) {
	a := actor(r)
	p := &robotsPage{BasePage: s.base(w, r, "单位消息机器人"), Kinds: robotKinds, Form: robotForm{Kind: robotKinds[0].Code}}
	rs, err := s.app.UnitRobots(r.Context(), a)
	if err != nil {
		return nil, err
	}
	if _, p.Units, err = s.app.UnitTree(r.Context(), a); err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, u := range p.Units {
		names[u.ID] = u.FullName
	}
	for _, rb := range rs {
		p.Robots = append(p.Robots, unitRobot{Robot: rb, UnitName: names[rb.UnitID]})
	}
	settings, err := s.app.NotifySettingsOf(r.Context(), a)
	if err != nil {
		return nil, err
	}
	p.IMOn = settings.IMOn
	return p, nil
}

func (s *Server) handleRobots(w http.ResponseWriter, r *http.Request) error {
	p, err := s.robotsPage(w, r)
	if err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "robots", "layout", p)
}

func (s *Server) handleUnitRobotCreate(w http.ResponseWriter, r *http.Request) error {
	form, rb := readRobotForm(r)
	var probs zhongshu.Problems
	id, ok := formID(r.PostFormValue("unit_id"))
	switch {
	case !ok:
		probs.Add("unit_id", "单位选择不正确")
	case id == 0:
		probs.Add("unit_id", "请选择单位")
	}
	form.UnitID, rb.UnitID = id, id
	err := probs.Err()
	if err == nil {
		err = s.app.CreateRobot(r.Context(), actor(r), rb)
	}
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		p, perr := s.robotsPage(w, r)
		if perr != nil {
			return perr
		}
		p.Error, p.Fields, p.Form = msg, fields, form
		return s.pages.render(w, http.StatusBadRequest, "robots", "layout", p)
	}
	return redirect(w, r, "/admin/robots", "已添加机器人“"+rb.Name+"”。")
}

func (s *Server) handleUnitRobotDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.DeleteRobot(r.Context(), actor(r), id); err != nil {
		return err
	}
	return redirect(w, r, "/admin/robots", "机器人已删除。")
}
