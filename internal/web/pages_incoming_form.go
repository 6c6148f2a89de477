package web

// The 文书's 收文登记 form — keyboard first, in the register's order, with
// the attachments uploaded alongside (attachments_upload.go saves them).

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// incomingForm is the registration form as typed.
type incomingForm struct {
	SenderName   string
	SenderNumber string
	Title        string
	Kind         string
	Urgency      string // 0 平件, 1 加急, 2 特急
	Handling     string // read, action
	Copies       string
	Channel      string
	ReceivedAt   string // datetime-local
	DueDate      string
	ProposerID   int64
	Disclosure   string
	InternalMark string
	Summary      string
	Secrecy      string
}

type incomingFormPage struct {
	BasePage
	F           incomingForm
	Kinds       []zhongshu.DocKind
	Channels    []zhongshu.Channel
	Disclosures []zhongshu.Disclosure
	Proposers   []*zhongshu.User
	Senders     []string
	Warning     string // the non-classified banner
	Rules       string // what may be attached
	Error       string
	Fields      map[string]string
	Lost        []string // files chosen with a refused form: they must be chosen again
}

// errNotRegistrar is the form's answer to those who may not register.
var errNotRegistrar = zhongshu.Errorf(zhongshu.CodeForbidden, "收文由文电科文书签收登记。")

func (s *Server) incomingFormPage(w http.ResponseWriter, r *http.Request, f incomingForm) (*incomingFormPage, error) {
	a := actor(r)
	p := &incomingFormPage{BasePage: s.base(w, r, "登记收文"), F: f, Kinds: zhongshu.AllDocKinds(),
		Channels: zhongshu.AllChannels(), Disclosures: zhongshu.AllDisclosures(), Warning: zhongshu.NonClassifiedWarning,
		Rules: s.attachmentRulesText(), Fields: map[string]string{}}
	active := zhongshu.UserActive
	for _, role := range []zhongshu.Role{zhongshu.RoleOfficeDirector, zhongshu.RoleOfficeDeputy} {
		users, _, err := s.app.FindUsers(r.Context(), a, zhongshu.UserFilter{Role: &role, Status: &active})
		if err != nil {
			return nil, err
		}
		p.Proposers = append(p.Proposers, users...)
	}
	units, _, err := s.app.FindUnits(r.Context(), a, zhongshu.UnitFilter{})
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		p.Senders = append(p.Senders, u.FullName)
	}
	return p, nil
}

// newIncomingForm is an empty form: now, 电子公文交换, 平件, 办件, the office
// director as 拟办人; what the clerk keeps between registrations
// (来文机关, 渠道, 收文日期) comes from the query.
func (s *Server) newIncomingForm(r *http.Request, p *incomingFormPage) {
	now := s.clock.Now()
	f := incomingForm{Urgency: "0", Handling: string(zhongshu.HandlingAction), Copies: "1",
		Channel: string(zhongshu.ChannelExchange), ReceivedAt: dateTimeValue(now), Secrecy: string(zhongshu.SecrecyNone)}
	q := r.URL.Query()
	f.SenderName = strings.TrimSpace(q.Get("sender"))
	if c, ok := zhongshu.ParseChannel(q.Get("channel")); ok && q.Get("channel") != "" {
		f.Channel = string(c)
	}
	// A kept 收文日期 other than today keeps its time too (registering
	// yesterday's arrivals); today's is now.
	if v := q.Get("received"); v != "" && !strings.HasPrefix(v, now.In(chinaTime).Format("2006-01-02")) {
		if _, ok := parseDateTime(v); ok {
			f.ReceivedAt = v
		}
	}
	if len(p.Proposers) > 0 {
		for _, u := range p.Proposers {
			if u.HasRole(zhongshu.RoleOfficeDirector) {
				f.ProposerID = u.ID
				break
			}
		}
	}
	p.F = f
}

func (s *Server) handleIncomingNew(w http.ResponseWriter, r *http.Request) error {
	if !actor(r).User.HasRole(zhongshu.RoleRegistrar) {
		return errNotRegistrar
	}
	p, err := s.incomingFormPage(w, r, incomingForm{})
	if err != nil {
		return err
	}
	s.newIncomingForm(r, p)
	return s.pages.render(w, http.StatusOK, "incoming_form", "layout", p)
}

// parseDateTime reads a datetime-local value (or a date alone, at 00:00)
// in China time.
func parseDateTime(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, chinaTime); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// readIncomingForm reads the posted form into the typed form and the
// document, with the problems found at the edge.
func (s *Server) readIncomingForm(r *http.Request, units map[string]int64) (incomingForm, *zhongshu.IncomingDoc, zhongshu.Problems) {
	var probs zhongshu.Problems
	v := r.PostFormValue
	f := incomingForm{SenderName: v("sender_name"), SenderNumber: v("sender_number"), Title: v("title"), Kind: v("kind"),
		Urgency: v("urgency"), Handling: v("handling"), Copies: v("copies"), Channel: v("channel"),
		ReceivedAt: v("received_at"), DueDate: v("due_date"), Disclosure: v("disclosure"),
		InternalMark: v("internal_mark"), Summary: v("summary"), Secrecy: v("secrecy")}
	d := &zhongshu.IncomingDoc{SenderName: f.SenderName, SenderNumber: f.SenderNumber, Title: f.Title,
		InternalMark: f.InternalMark, Summary: f.Summary}
	d.SenderUnitID = units[strings.TrimSpace(f.SenderName)]
	if k := strings.TrimSpace(f.Kind); k != "" {
		kind, ok := zhongshu.ParseDocKind(k)
		if !ok {
			probs.Add("kind", "请选择文种")
		}
		d.Kind = kind
	}
	u, ok := zhongshu.ParseUrgency(f.Urgency)
	if !ok {
		probs.Add("urgency", "请选择紧急程度")
	}
	d.Urgency = u
	if d.Handling, ok = zhongshu.ParseHandling(f.Handling); !ok {
		probs.Add("handling", "请选择阅件或办件")
	}
	if c := strings.TrimSpace(f.Copies); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil {
			probs.Add("copies", "份数须为整数")
		}
		d.Copies = n
	}
	if strings.TrimSpace(f.Channel) == "" {
		probs.Add("channel", "请选择来文渠道")
	} else if d.Channel, ok = zhongshu.ParseChannel(f.Channel); !ok {
		probs.Add("channel", "请选择来文渠道")
	}
	if strings.TrimSpace(f.ReceivedAt) != "" {
		t, ok := parseDateTime(f.ReceivedAt)
		if !ok {
			probs.Add("received_at", "收文时间格式不正确")
		}
		d.ReceivedAt = t
	}
	if strings.TrimSpace(f.DueDate) != "" {
		due, ok := endOfDay(f.DueDate)
		if !ok {
			probs.Add("due_at", "办理时限须为日期")
		}
		d.DueAt = due
	}
	id, ok := formID(v("proposer_id"))
	if !ok {
		probs.Add("proposer_id", "拟办人选择不正确")
	}
	f.ProposerID = id
	if d.Handling == zhongshu.HandlingAction {
		d.ProposerID = id
	}
	if dis := strings.TrimSpace(f.Disclosure); dis != "" {
		if d.Disclosure, ok = zhongshu.ParseDisclosure(dis); !ok {
			probs.Add("disclosure", "公开属性不正确")
		}
	}
	if d.Secrecy, ok = zhongshu.ParseSecrecy(f.Secrecy); !ok {
		probs.Add("secrecy", "请选择密级")
	}
	return f, d, probs
}

// incomingFieldNames maps the domain's field names onto the form's.
var incomingFieldNames = map[string]string{"due_at": "due_date", "sender_unit_id": "sender_name"}

func incomingFormFields(fields map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range fields {
		if n, ok := incomingFieldNames[k]; ok {
			k = n
		}
		if _, dup := out[k]; !dup {
			out[k] = v
		}
	}
	return out
}

func (s *Server) handleIncomingCreate(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if !a.User.HasRole(zhongshu.RoleRegistrar) {
		// The app refuses, and records the refusal.
		_, err := s.app.RegisterIncoming(r.Context(), a, &zhongshu.IncomingDoc{}, app.ModeRegister)
		return err
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		if normalize(err) != errTooLarge {
			return zhongshu.Errorf(zhongshu.CodeInvalid, "表单内容有误。")
		}
		p, perr := s.incomingFormPage(w, r, incomingForm{})
		if perr != nil {
			return perr
		}
		s.newIncomingForm(r, p)
		p.Error = fmt.Sprintf("上传的附件合计超过%dMB，本次登记未保存。请重新填写，附件多时请登记后在收文页分次上传。", s.uploadLimitMB())
		return s.pages.render(w, http.StatusBadRequest, "incoming_form", "layout", p)
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	units, err := s.unitsByName(r.Context(), a)
	if err != nil {
		return err
	}
	f, d, probs := s.readIncomingForm(r, units)
	files := postedFiles(r)
	mode := app.ModeRegister
	if r.PostFormValue("next") == "sign" {
		mode = app.ModeSignOnly
	}
	var warnings []string
	err = withProblems(probs, func() error { _, err := d.Validate(); return err })
	if err == nil {
		warnings, err = s.app.RegisterIncoming(r.Context(), a, d, mode)
	}
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		p, perr := s.incomingFormPage(w, r, f)
		if perr != nil {
			return perr
		}
		p.Error, p.Fields = msg, incomingFormFields(fields)
		for _, fh := range files {
			p.Lost = append(p.Lost, fh.Filename)
		}
		return s.pages.render(w, http.StatusBadRequest, "incoming_form", "layout", p)
	}

	failed, _ := s.saveFiles(r.Context(), a, s.incomingFiles(), d.ID, files)
	msg := fmt.Sprintf("已登记为 %s：%s。", d.Number, d.Title)
	if mode == app.ModeSignOnly {
		msg = fmt.Sprintf("已签收：%s。尚未登记编号，请于今日内在收文页完成登记。", d.Title)
	}
	if len(files) > len(failed) {
		msg += fmt.Sprintf("已上传附件 %d 个。", len(files)-len(failed))
	}
	if len(warnings) > 0 {
		msg += "请注意：" + strings.Join(warnings, "；") + "。"
	}
	if len(failed) > 0 {
		msg += "以下附件未能上传，请在收文页重新上传：" + strings.Join(failed, "；") + "。"
	}
	msg = clipFlash(msg)
	if len(failed) > 0 {
		setFlash(w, msg, true)
		msg = ""
	}
	if r.PostFormValue("next") == "continue" {
		q := url.Values{"sender": {d.SenderName}, "channel": {string(d.Channel)}, "received": {f.ReceivedAt}}
		return redirect(w, r, "/incoming/new?"+q.Encode(), msg)
	}
	return redirect(w, r, app.IncomingURL(d.ID), msg)
}

// clipFlash keeps a flash message within what a cookie carries.
func clipFlash(msg string) string {
	const max = 360
	if utf8.RuneCountInString(msg) <= max {
		return msg
	}
	return string([]rune(msg)[:max]) + "……（其余见附件列表）"
}

// unitsByName maps the units' full and short names to their ids, to link a
// 来文机关 typed from the list to its unit.
func (s *Server) unitsByName(ctx context.Context, a *zhongshu.Actor) (map[string]int64, error) {
	units, _, err := s.app.FindUnits(ctx, a, zhongshu.UnitFilter{})
	if err != nil {
		return nil, err
	}
	m := map[string]int64{}
	for _, u := range units {
		m[u.FullName] = u.ID
	}
	return m, nil
}
