package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// postMultipart posts a same-origin multipart form with files (name →
// contents) in the "files" input, as the registration and upload forms do.
func (e *env) postMultipart(c *http.Client, path string, form url.Values, files map[string]string) *http.Response {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for name, body := range files {
		fw, _ := mw.CreateFormFile("files", name)
		_, _ = fw.Write([]byte(body))
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", e.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	return resp
}

// incomingTotal is how many documents the actor's list holds.
func incomingTotal(t *testing.T, e *env, username string) int {
	t.Helper()
	l, err := e.app.FindIncomingDocs(context.Background(), e.actor(username), store.IncomingFilter{}, app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	return l.Total
}

// mustContain fails unless body holds every string.
func mustContain(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(body, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

var registration = url.Values{"sender_name": {"市人民政府办公室"}, "sender_number": {"市政办发[2026]88号"},
	"title": {"关于做好今冬明春森林防火工作的通知"}, "kind": {""}, "urgency": {"2"}, "handling": {"action"}, "copies": {"2"},
	"channel": {"exchange"}, "received_at": {""}, "summary": {"请于12月10日前报送工作方案。"}, "secrecy": {"none"}, "next": {"open"}}

func withField(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func TestPages_IncomingRegister(t *testing.T) {
	e := newEnv(t)
	c := e.login("wenshu")

	body := readBody(e.get(c, "/incoming/new"))
	mustContain(t, "form", body, `id="sender_name"`, "autofocus", "来文字号", "按标题自动识别", "特急", "登记并继续", "仅签收",
		zhongshu.NonClassifiedWarning, "机密", `list="sender-units"`, "青川县发展和改革局", "王建国")
	if resp := e.get(e.login("zhuren"), "/incoming/new"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("office director opens the form: %d, want 403", resp.StatusCode)
	} else if b := readBody(resp); !strings.Contains(b, "文电科文书") {
		t.Errorf("403 page: %.500s", b)
	}

	// A 特急 办件 with its 来文字号 in square brackets and a text file.
	resp := e.postMultipart(c, "/incoming/new", registration, map[string]string{"来文正文.txt": "关于森林防火工作的通知正文。"})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/incoming/") {
		t.Fatalf("register: %d %s %.800s", resp.StatusCode, resp.Header.Get("Location"), readBody(resp))
	}
	resp.Body.Close()
	doc := resp.Header.Get("Location")
	body = readBody(e.get(c, doc))
	mustContain(t, "document page", body, "收〔2026〕", "关于做好今冬明春森林防火工作的通知", "市政办发〔2026〕88号",
		"六角括号", "已上传附件 1 个", "来文正文.txt", `class="badge badge-red">特急`, "王建国", "拟办", "公文去向", "通知")
	if strings.Contains(body, "市政办发[2026]") {
		t.Error("the 来文字号 was not normalised")
	}
	// The attachment downloads with a safe name and no sniffing.
	href := regexp.MustCompile(`href="(/incoming/\d+/files/\d+)"`).FindStringSubmatch(body)
	if href == nil {
		t.Fatalf("no download link: %.3000s", body)
	}
	resp = e.get(c, href[1])
	data := readBody(resp)
	if resp.StatusCode != 200 || data != "关于森林防火工作的通知正文。" {
		t.Fatalf("download: %d %q", resp.StatusCode, data)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "filename*=utf-8''%E6%9D%A5") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("download headers: %v", resp.Header)
	}

	// 涉密 is refused and nothing is saved.
	before := incomingTotal(t, e, "wenshu")
	resp = e.postMultipart(c, "/incoming/new", withField(registration, "secrecy", "confidential", "title", "某涉密来文"),
		map[string]string{"密件.txt": "正文"})
	body = readBody(resp)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("classified: %d", resp.StatusCode)
	}
	mustContain(t, "classified refusal", body, zhongshu.ClassifiedMessage, `value="某涉密来文"`, "密件.txt", "需要重新选择")
	if n := incomingTotal(t, e, "wenshu"); n != before {
		t.Errorf("after the classified attempt %d documents, want %d", n, before)
	}

	// Errors per field, with every value kept.
	resp = e.postMultipart(c, "/incoming/new", withField(registration, "title", "", "copies", "两份", "due_date", "下周"), nil)
	body = readBody(resp)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("invalid: %d", resp.StatusCode)
	}
	mustContain(t, "invalid form", body, "请填写标题", "份数须为整数", "办理时限须为日期", `value="市人民政府办公室"`,
		`value="市政办发[2026]88号"`, `value="两份"`, "请于12月10日前报送工作方案。", `value="2" checked`, `aria-invalid="true"`)
	if n := incomingTotal(t, e, "wenshu"); n != before {
		t.Errorf("after the invalid form %d documents, want %d", n, before)
	}

	// 登记并继续 returns to an empty form keeping 来文机关 and 渠道; a file
	// of a refused type is named, the document stays registered.
	resp = e.postMultipart(c, "/incoming/new", withField(registration, "next", "continue", "sender_number", "市政办发〔2026〕89号",
		"title", "关于开展安全生产大检查的通知", "channel", "paper"), map[string]string{"程序.exe": "MZ"})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/incoming/new?") {
		t.Fatalf("continue: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp.Body.Close()
	body = readBody(e.get(c, resp.Header.Get("Location")))
	mustContain(t, "next form", body, "已登记为 收〔2026〕", "关于开展安全生产大检查的通知", "程序.exe", "不支持的附件类型",
		`value="市人民政府办公室"`, `value="paper" selected`, "flash-error")
	if strings.Contains(body, "市政办发〔2026〕89号") {
		t.Error("the next form keeps the 来文字号")
	}
	if n := incomingTotal(t, e, "wenshu"); n != before+1 {
		t.Errorf("after 登记并继续 %d documents, want %d", n, before+1)
	}

	// 仅签收: no number yet; the page offers 登记.
	resp = e.postMultipart(c, "/incoming/new", withField(registration, "next", "sign", "sender_number", "", "title", "关于某事项的函"), nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign only: %d %.500s", resp.StatusCode, readBody(resp))
	}
	resp.Body.Close()
	body = readBody(e.get(c, resp.Header.Get("Location")))
	mustContain(t, "signed document", body, "已签收", "尚未登记编号", "下一步：登记", `value="register"`)
}

func TestPages_IncomingRoute(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	d := &zhongshu.IncomingDoc{SenderName: "市发展和改革委员会", SenderNumber: "市发改〔2026〕12号",
		Title: "关于报送重点项目进展情况的通知", Urgency: zhongshu.UrgencyUrgent, Channel: zhongshu.ChannelExchange,
		Handling: zhongshu.HandlingAction}
	if _, err := e.app.RegisterIncoming(ctx, e.actor("wenshu"), d, app.ModeRegister); err != nil {
		t.Fatal(err)
	}
	doc := app.IncomingURL(d.ID)
	xz := fmt.Sprint(e.actor("xianzhang").ID())
	fgj := fmt.Sprint(unitByName(t, e, "县发改局"))

	zhuren := e.login("zhuren")
	body := readBody(e.get(zhuren, doc))
	mustContain(t, "page for the 拟办人", body, "下一步：拟办", `value="propose"`, "何建平", "主办单位", "退回来文单位", "data-confirm")
	// A 拟办意见 without its text is refused with the form kept.
	resp := e.postForm(zhuren, doc+"/act", url.Values{"action": {"propose"}, "leaders": {xz}, "lead_unit_id": {fgj}, "due_workdays": {"5"}})
	body = readBody(resp)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("propose without text: %d", resp.StatusCode)
	}
	mustContain(t, "refused 拟办", body, "请填写拟办意见", `value="`+xz+`" selected`, `value="5"`)
	resp = e.postForm(zhuren, doc+"/act", url.Values{"action": {"propose"}, "text": {"拟请县发改局牵头办理，呈何县长阅示。"},
		"leaders": {xz, ""}, "in_order": {"1"}, "lead_unit_id": {fgj}, "due_workdays": {"5"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != doc {
		t.Fatalf("propose: %d %.800s", resp.StatusCode, readBody(resp))
	}
	resp.Body.Close()
	body = readBody(e.get(zhuren, doc))
	mustContain(t, "after 拟办", body, "拟办已完成", "呈批中", "何建平", "待批示", "县发改局", "尚未交办")

	// The county head finds it in his 待批 and writes the 批示 there.
	xianzhang := e.login("xianzhang")
	body = readBody(e.get(xianzhang, "/incoming/pending"))
	mustContain(t, "待批", body, "关于报送重点项目进展情况的通知", "拟请县发改局牵头办理", `data-fill="同意。"`,
		`data-fill="请县发改局阅办。"`, `name="back" value="pending"`, `href="/incoming/pending"`, "incoming.js", "badge-orange")
	if !regexp.MustCompile(`待批<span class="badge badge-blue">1</span>`).MatchString(body) {
		t.Error("the 待批 entry does not count one document")
	}
	resp = e.postForm(xianzhang, doc+"/act", url.Values{"action": {"instruct"}, "text": {"  "}, "back": {"pending"}})
	body = readBody(resp)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("empty 批示: %d", resp.StatusCode)
	}
	mustContain(t, "refused 批示", body, "请填写批示意见", "关于报送重点项目进展情况的通知")
	resp = e.postForm(xianzhang, doc+"/act", url.Values{"action": {"instruct"}, "text": {"同意。请县发改局抓紧办理。"}, "back": {"pending"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/incoming/pending" {
		t.Fatalf("instruct: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp.Body.Close()
	body = readBody(e.get(xianzhang, "/incoming/pending"))
	mustContain(t, "待批 after", body, "批示已完成", "目前没有待批的公文。")
	body = readBody(e.get(xianzhang, doc))
	mustContain(t, "page after 批示", body, "已交办", "同意。请县发改局抓紧办理。", "县发改局")

	// The unit accepts and reports; a step not theirs is refused.
	lly := e.login("fgj.lly")
	resp = e.postForm(lly, doc+"/act", url.Values{"action": {"complete"}})
	body = readBody(resp)
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("complete by the unit: %d", resp.StatusCode)
	}
	mustContain(t, "refused 办结", body, "您不能办结")
	for _, form := range []url.Values{
		{"action": {"accept"}},
		{"action": {"report"}, "text": {"已按要求报送项目进展。"}, "reply_number": {"青发改〔2026〕45号"}},
	} {
		resp = e.postForm(lly, doc+"/act", form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %.800s", form.Get("action"), resp.StatusCode, readBody(resp))
		}
		resp.Body.Close()
	}
	wenshu := e.login("wenshu")
	resp = e.postForm(wenshu, doc+"/act", url.Values{"action": {"complete"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("complete: %d %.800s", resp.StatusCode, readBody(resp))
	}
	resp.Body.Close()
	body = readBody(e.get(wenshu, doc))
	mustContain(t, "completed", body, "已办结", "无人在办", "青发改〔2026〕45号", "已按要求报送项目进展。", "下一步：归档")
	// The timeline names every step.
	tl := body[strings.Index(body, `id="incoming-timeline"`):]
	for _, label := range []string{"登记", "拟办", "批示", "承办签收", "报送办理结果", "办结"} {
		if !strings.Contains(tl, "</strong> "+label) {
			t.Errorf("timeline lacks %q", label)
		}
	}
	mustContain(t, "timeline", tl, "郑晓燕", "王建国", "何建平", "呈何建平依次批示", "同意。请县发改局抓紧办理。", "呈批中 → 已交办")
}

func TestPages_IncomingVisibility(t *testing.T) {
	e := newEnv(t)
	d, att := seedIncoming(t, e, "关于核查专项资金使用情况")
	doc := app.IncomingURL(d.ID)
	file := fmt.Sprintf("%s/files/%d", doc, att.ID)
	czj := e.login("czj.lly")
	for _, tc := range []struct {
		method, path string
	}{{"GET", doc}, {"POST", doc + "/act"}, {"POST", doc + "/files"}, {"GET", file}, {"POST", doc + "/supervise"}} {
		var resp *http.Response
		if tc.method == "GET" {
			resp = e.get(czj, tc.path)
		} else {
			resp = e.postForm(czj, tc.path, url.Values{"action": {"urge"}, "text": {"请抓紧"}})
		}
		body := readBody(resp)
		if resp.StatusCode != http.StatusNotFound || strings.Contains(body, "关于核查专项资金使用情况") {
			t.Errorf("%s %s as another unit's liaison: %d", tc.method, tc.path, resp.StatusCode)
		}
	}
	resp := e.postMultipart(czj, doc+"/files", nil, map[string]string{"说明.txt": "内容"})
	if b := readBody(resp); resp.StatusCode != http.StatusNotFound {
		t.Errorf("upload by another unit: %d %.300s", resp.StatusCode, b)
	}
	body := readBody(e.get(czj, "/incoming"))
	mustContain(t, "czj list", body, "与我和本单位有关的收文", "目前没有与您和本单位有关的收文")
	if strings.Contains(body, "关于核查专项资金使用情况") {
		t.Error("the list of another unit shows the document")
	}
	// The unit it was given to sees and downloads it, and may upload.
	lly := e.login("fgj.lly")
	body = readBody(e.get(lly, "/incoming"))
	mustContain(t, "fgj list", body, "关于核查专项资金使用情况", d.Number)
	if resp := e.get(lly, file); resp.StatusCode != 200 {
		t.Errorf("download by the unit: %d", resp.StatusCode)
	}
	resp = e.postMultipart(lly, doc+"/files", nil, map[string]string{"办理情况.txt": "已核查。"})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload by the unit: %d %.500s", resp.StatusCode, readBody(resp))
	}
	resp.Body.Close()
	body = readBody(e.get(lly, doc))
	mustContain(t, "after upload", body, "已上传附件 1 个", "办理情况.txt", "上传附件", "下一步：承办签收")
	// A classified mark in a text file is refused with the Chinese message.
	resp = e.postMultipart(lly, doc+"/files", nil, map[string]string{"密件.txt": "机密★1年\n正文"})
	body = readBody(resp)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("classified upload: %d", resp.StatusCode)
	}
	mustContain(t, "refused upload", body, "密件.txt", zhongshu.ClassifiedMessage, `id="incoming-upload-error"`)
	// The 督查员 cannot make a 督办 item of a document not routed to him.
	if resp := e.postForm(e.login("duchayuan"), doc+"/supervise", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("转督办 of an unseen document: %d", resp.StatusCode)
	}
	if resp := e.postForm(lly, doc+"/supervise", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("转督办 by the liaison: %d, want 403", resp.StatusCode)
	}
}

func TestPages_IncomingList(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ws := e.actor("wenshu")
	now := time.Now()
	fgj := unitByName(t, e, "县发改局")
	var voidID int64
	for i := range 60 {
		d := &zhongshu.IncomingDoc{SenderName: "市人民政府办公室", Title: fmt.Sprintf("测试收文%02d关于有关事项的通知", i),
			Channel: zhongshu.ChannelPaper, Handling: zhongshu.HandlingAction, ReceivedAt: now.Add(-time.Duration(i) * time.Hour)}
		if i%10 == 0 {
			d.Urgency = zhongshu.UrgencyExtra
		}
		if i%3 == 0 {
			d.Handling = zhongshu.HandlingRead
		}
		if i >= 57 { // received ten days ago, due five days ago: overdue
			d.SenderName = "县应急管理局"
			d.ReceivedAt, d.DueAt = now.AddDate(0, 0, -10), now.AddDate(0, 0, -5)
		}
		if _, err := e.app.RegisterIncoming(ctx, ws, d, app.ModeRegister); err != nil {
			t.Fatalf("register %d: %v", i, err)
		}
		if i == 1 {
			voidID = d.ID
		}
		if i == 2 {
			due, _ := e.app.DueIn(now, 5)
			if _, err := e.app.ActOnIncoming(ctx, e.actor("zhuren"), d.ID, app.IncomingRequest{Action: incoming.Propose,
				Text: "请县发改局办理。", Assignments: []zhongshu.IncomingAssignment{{UnitID: fgj, Role: zhongshu.AssignmentLead, DueAt: due}}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := e.app.ActOnIncoming(ctx, ws, voidID, app.IncomingRequest{Action: incoming.VoidNumber, Text: "重复登记"}); err != nil {
		t.Fatal(err)
	}
	c := e.login("wenshu")
	count := func(body string) int { return strings.Count(body, "关于有关事项的通知</a>") }

	body := readBody(e.get(c, "/incoming"))
	mustContain(t, "page 1", body, "范围：全部收文", `共 <strong class="count">60</strong> 件`, "第 1/2 页", `href="/incoming/new"`,
		`href="/incoming?page=2"`, "测试收文00", "badge-red", `href="/incoming/export"`)
	if n := count(body); n != 50 {
		t.Errorf("page 1 has %d rows, want 50", n)
	}
	body = readBody(e.get(c, "/incoming?page=2"))
	if n := count(body); n != 10 || !strings.Contains(body, "第 2/2 页") || !strings.Contains(body, "测试收文59") {
		t.Errorf("page 2 has %d rows: %.300s", n, body)
	}
	for _, tc := range []struct {
		query string
		n     int
		has   []string
	}{
		{"status=voided", 1, []string{"测试收文01", "已作废", `href="/incoming/export?status=voided"`}},
		{"overdue=1", 3, []string{"测试收文57", "测试收文59", "超期", `class="overdue"`}},
		{"urgency=extra", 6, []string{"测试收文00", "测试收文50"}},
		{"handling=read&urgency=urgent", 2, []string{"测试收文00", "测试收文30"}},
		{"sender=" + url.QueryEscape("县应急"), 3, []string{"县应急管理局"}},
		{"unit_id=" + fmt.Sprint(fgj), 1, []string{"测试收文02"}},
		{"q=" + url.QueryEscape("测试收文4"), 10, []string{"测试收文45"}},
		{"from=" + now.AddDate(0, 0, -11).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02") +
			"&to=" + now.AddDate(0, 0, -9).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02"), 3, []string{"测试收文58"}},
	} {
		body := readBody(e.get(c, "/incoming?"+tc.query))
		if n := count(body); n != tc.n {
			t.Errorf("%s: %d rows, want %d", tc.query, n, tc.n)
		}
		mustContain(t, tc.query, body, append(tc.has, fmt.Sprintf(`共 <strong class="count">%d</strong> 件`, tc.n), "（已筛选）")...)
	}
	if resp := e.get(c, "/incoming?status=lost"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad status filter: %d", resp.StatusCode)
	}
	if resp := e.get(c, "/incoming?from=yesterday"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad date filter: %d", resp.StatusCode)
	}
	// The liaison of the unit sees only its document, with no 登记 button.
	body = readBody(e.get(e.login("fgj.lly"), "/incoming"))
	mustContain(t, "fgj list", body, "与我和本单位有关的收文", `共 <strong class="count">1</strong> 件`, "测试收文02")
	if strings.Contains(body, `href="/incoming/new"`) {
		t.Error("the liaison is offered registration")
	}
}

func TestPages_IncomingCirculateUrgeSupervise(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	d := &zhongshu.IncomingDoc{SenderName: "市人民政府办公室", Title: "关于印发年度工作要点的通知",
		Channel: zhongshu.ChannelExchange, Handling: zhongshu.HandlingRead}
	if _, err := e.app.RegisterIncoming(ctx, e.actor("wenshu"), d, app.ModeRegister); err != nil {
		t.Fatal(err)
	}
	doc := app.IncomingURL(d.ID)
	wenshu := e.login("wenshu")
	body := readBody(e.get(wenshu, doc))
	mustContain(t, "阅件 page", body, "下一步：分送传阅", `name="readers"`, "何建平", "作废登记")
	resp := e.postForm(wenshu, doc+"/act", url.Values{"action": {"circulate"}, "in_order": {"1"},
		"readers": {fmt.Sprint(e.actor("xianzhang").ID()), fmt.Sprint(e.actor("fuxianzhang").ID())}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("circulate: %d %.800s", resp.StatusCode, readBody(resp))
	}
	resp.Body.Close()
	body = readBody(e.get(wenshu, doc))
	mustContain(t, "circulating", body, "传阅中", "依次传阅", "未送达", "阅文", "（待阅）")
	if n := strings.Count(body, "未打开"); n != 2 {
		t.Errorf("before opening %d readers not opened, want 2", n)
	}
	// Opening the page as the first reader records it.
	xianzhang := e.login("xianzhang")
	body = readBody(e.get(xianzhang, doc))
	mustContain(t, "reader's page", body, "下一步：已阅", `data-fill="已阅。"`)
	if n := strings.Count(body, "未打开"); n != 1 {
		t.Errorf("after the first reader opened %d not opened, want 1", n)
	}
	resp = e.postForm(xianzhang, doc+"/act", url.Values{"action": {"read"}, "text": {"已阅。请各分管领导抓好落实。"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("read: %d %.800s", resp.StatusCode, readBody(resp))
	}
	resp.Body.Close()
	fu := e.login("fuxianzhang")
	resp = e.postForm(fu, doc+"/act", url.Values{"action": {"read"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("second read: %d %.800s", resp.StatusCode, readBody(resp))
	}
	resp.Body.Close()
	body = readBody(e.get(fu, doc))
	mustContain(t, "read by all", body, "已办结", "已阅。请各分管领导抓好落实。", "badge-green")

	// 催办 and 转督办 on a 办件 with its units.
	s, _ := seedIncoming(t, e, "关于加快推进项目建设")
	sdoc := app.IncomingURL(s.ID)
	resp = e.postForm(wenshu, sdoc+"/act", url.Values{"action": {"urge"}, "text": {"请抓紧签收办理。"}, "channel": {"传真"}})
	if b := readBody(resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(b, "催办方式不正确") {
		t.Errorf("bad urge channel: %d", resp.StatusCode)
	}
	resp = e.postForm(wenshu, sdoc+"/act", url.Values{"action": {"urge"}, "text": {"请抓紧签收办理。"}, "channel": {"电话"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("urge: %d %.800s", resp.StatusCode, readBody(resp))
	}
	resp.Body.Close()
	mustContain(t, "urged", readBody(e.get(wenshu, sdoc)), "催办已完成", "</strong> 催办", "催办方式：电话")
	chen := e.login("chenlixin") // 办公室副主任 and 督查室主任
	body = readBody(e.get(chen, sdoc))
	mustContain(t, "supervisor's page", body, "转督办", `action="/incoming/`+fmt.Sprint(s.ID)+`/supervise"`)
	resp = e.postForm(chen, sdoc+"/supervise", nil)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/supervision/") {
		t.Fatalf("转督办: %d %s %.800s", resp.StatusCode, loc, readBody(resp))
	}
	resp.Body.Close()
	mustContain(t, "督办 item", readBody(e.get(chen, loc)), "已由收文生成督办事项", "来源收文", `href="`+sdoc+`"`)
	mustContain(t, "linked document", readBody(e.get(chen, sdoc)), "查看由本件生成的督办事项", `href="`+loc+`"`, "</strong> 转督办")
	if resp := e.postForm(chen, sdoc+"/supervise", nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("second 转督办: %d, want 409", resp.StatusCode)
	}
}
