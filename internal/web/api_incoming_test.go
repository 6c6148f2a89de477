package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// apiIncomingDoc is the part of a 收文 the tests read.
type apiIncomingDoc struct {
	ID            int64     `json:"id"`
	Number        string    `json:"number"`
	ReceivedAt    time.Time `json:"received_at"`
	SenderNumber  string    `json:"sender_number"`
	Title         string    `json:"title"`
	Status        string    `json:"status"`
	StatusLabel   string    `json:"status_label"`
	Urgency       int       `json:"urgency"`
	UrgencyLabel  string    `json:"urgency_label"`
	Handling      string    `json:"handling"`
	ArchiveNumber string    `json:"archive_number"`
	Attachments   int       `json:"attachments"`
}

type apiIncomingDetail struct {
	Document     apiIncomingDoc `json:"document"`
	Instructions []struct {
		LeaderID   int64  `json:"leader_id"`
		LeaderName string `json:"leader_name"`
		Text       string `json:"text"`
		ByName     string `json:"by_name"`
		Proxy      bool   `json:"proxy"`
	} `json:"instructions"`
	Assignments []struct {
		UnitID   int64  `json:"unit_id"`
		UnitName string `json:"unit_name"`
		Role     string `json:"role"`
		DueDate  string `json:"due_date"`
	} `json:"assignments"`
	apiDocTrail
	CanSupervise bool `json:"can_supervise"`
}

// incomingBody is a 登记 body with the given title.
func incomingBody(title string) string {
	return fmt.Sprintf(`{"sender_name":"广元市人民政府办公室","sender_number":"广府办发〔2026〕%d号","title":%q,`+
		`"urgency":1,"channel":"exchange","handling":"action","summary":"请认真贯彻落实。"}`, len(title), title)
}

// apiRegister registers a 办件 as wenshu through the API.
func apiRegister(t *testing.T, e *env, title string) apiIncomingDoc {
	t.Helper()
	type registered struct {
		Document apiIncomingDoc `json:"document"`
	}
	return apiCall[registered](t, e, "wenshu", "POST", "/api/v1/incoming", incomingBody(title), 201).Document
}

func incomingPath(id int64, rest string) string {
	return fmt.Sprintf("/api/v1/incoming/%d%s", id, rest)
}

// dateAhead is the date n days from now, China time.
func dateAhead(n int) string {
	return time.Now().In(time.FixedZone("CST", 8*3600)).AddDate(0, 0, n).Format("2006-01-02")
}

func TestAPI_IncomingRegister(t *testing.T) {
	e := newEnv(t)
	type registered struct {
		Document apiIncomingDoc `json:"document"`
		Warnings []string       `json:"warnings"`
	}
	resp := e.apiDo("wenshu", "POST", "/api/v1/incoming", `{"sender_name":"广元市人民政府办公室","sender_number":"市政办发(2026)12号",`+
		`"title":"关于做好冬春森林防火工作的通知","urgency":2,"copies":2,"channel":"exchange","handling":"action","due_date":"2026-12-31"}`)
	loc := resp.Header.Get("Location")
	got := apiDecode[registered](t, resp, 201)
	d := got.Document
	if !regexp.MustCompile(`^收〔\d{4}〕\d{4}$`).MatchString(d.Number) {
		t.Errorf("收文号 %q", d.Number)
	}
	if d.SenderNumber != "市政办发〔2026〕12号" {
		t.Errorf("来文字号 %q, want 市政办发〔2026〕12号", d.SenderNumber)
	}
	if len(got.Warnings) == 0 {
		t.Error("no warning for the normalised 来文字号")
	}
	if d.Status != "registered" || d.StatusLabel != "已登记" || d.UrgencyLabel != "特急" || d.Handling != "action" {
		t.Errorf("document = %+v", d)
	}
	if loc != incomingPath(d.ID, "") {
		t.Errorf("Location %q", loc)
	}
	total := func() int {
		return apiCall[apiList[apiIncomingDoc]](t, e, "wenshu", "GET", "/api/v1/incoming", "", 200).Total
	}
	before := total()

	// 涉密: refused, nothing saved.
	bad := apiCall[apiErrorBody](t, e, "wenshu", "POST", "/api/v1/incoming",
		`{"sender_name":"广元市人民政府办公室","title":"关于某事项的通知","handling":"read","secrecy":"secret"}`, 400)
	if bad.Error.Fields["secrecy"] != zhongshu.ClassifiedMessage {
		t.Errorf("secrecy field = %q, want %q", bad.Error.Fields["secrecy"], zhongshu.ClassifiedMessage)
	}
	// Missing fields are named.
	bad = apiCall[apiErrorBody](t, e, "wenshu", "POST", "/api/v1/incoming", `{"title":"","mode":"later","due_date":"明天"}`, 400)
	for _, f := range []string{"title", "sender_name", "handling", "mode", "due_date"} {
		if bad.Error.Fields[f] == "" {
			t.Errorf("no message for %s: %v", f, bad.Error.Fields)
		}
	}
	// Only the 文书 registers.
	denied := apiCall[apiErrorBody](t, e, "fgj.lly", "POST", "/api/v1/incoming", incomingBody("关于越权登记的通知"), 403)
	if denied.Error.Code != "forbidden" || !strings.Contains(denied.Error.Message, "文书") {
		t.Errorf("fgj.lly registering: %+v", denied.Error)
	}
	if n := total(); n != before {
		t.Errorf("%d documents after refused registrations, want %d", n, before)
	}

	// 仅签收: no 收文号 yet.
	signed := apiCall[registered](t, e, "wenshu", "POST", "/api/v1/incoming",
		`{"mode":"sign","sender_name":"县委办","title":"关于召开会议的通知","handling":"read","channel":"纸质"}`, 201).Document
	if signed.Number != "" || signed.Status != "signed" {
		t.Errorf("signed only: %+v", signed)
	}
}

// act posts an action as user and decodes the answer.
func act[T any](t *testing.T, e *env, user string, id int64, body string, want int) T {
	t.Helper()
	return apiCall[T](t, e, user, "POST", incomingPath(id, "/actions"), body, want)
}

func TestAPI_IncomingRoute(t *testing.T) {
	e := newEnv(t)
	xz := e.actor("xianzhang")
	fgj := unitByName(t, e, "县发改局")
	doc := apiRegister(t, e, "关于推进重点项目建设的通知")
	due := dateAhead(30)

	d := act[apiIncomingDetail](t, e, "zhuren", doc.ID, fmt.Sprintf(`{"action":"propose","text":"拟请何县长阅示，县发改局办理。",`+
		`"leaders":[%d],"assignments":[{"unit_id":%d,"role":"lead","due":%q}]}`, xz.ID(), fgj, due), 200)
	if d.Document.Status != "awaiting_instruction" || len(d.Instructions) != 1 || d.Instructions[0].LeaderName != "何建平" {
		t.Fatalf("after propose: %+v", d)
	}
	if len(d.Holders) != 1 || d.Holders[0].PersonName != "何建平" || d.Holders[0].Step != "批示" {
		t.Errorf("去向 after propose: %+v", d.Holders)
	}
	if len(d.Assignments) != 1 || d.Assignments[0].UnitName != "县发改局" || d.Assignments[0].DueDate != due {
		t.Errorf("proposed units: %+v", d.Assignments)
	}

	// Refusals: the wrong person, the wrong state, a missing text.
	tests := []struct {
		name, user, body string
		status           int
		code, message    string
		field            string
	}{
		{"unit not yet assigned sees nothing", "fgj.lly", `{"action":"accept"}`, 404, "not_found", "", ""},
		{"clerk may not instruct", "wenshu", `{"action":"instruct","text":"同意。"}`, 403, "forbidden", "您不能批示", ""},
		{"not yet replied", "wenshu", `{"action":"complete"}`, 409, "precondition", "呈批中", ""},
		{"批示 needs text", "xianzhang", `{"action":"instruct","text":"  "}`, 400, "invalid", "", "text"},
		{"unknown action", "xianzhang", `{"action":"approve"}`, 400, "invalid", "", "action"},
		{"bad due", "zhuren", `{"action":"assign","assignments":[{"unit_id":1,"role":"lead","due":"下周"}]}`, 400, "invalid", "", "assignments"},
		{"unknown field", "xianzhang", `{"action":"instruct","comment":"同意"}`, 400, "invalid", "comment", "comment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := act[apiErrorBody](t, e, tt.user, doc.ID, tt.body, tt.status)
			if got.Error.Code != tt.code || !strings.Contains(got.Error.Message, tt.message) {
				t.Errorf("error = %+v, want %s containing %q", got.Error, tt.code, tt.message)
			}
			if tt.field != "" && got.Error.Fields[tt.field] == "" {
				t.Errorf("fields = %v, want a message for %s", got.Error.Fields, tt.field)
			}
		})
	}

	view := apiCall[apiIncomingDetail](t, e, "xianzhang", "GET", incomingPath(doc.ID, ""), "", 200)
	if !slices.Contains(view.allowed(), "instruct") || view.Allowed[0].Label == "" {
		t.Errorf("xianzhang may %v", view.Allowed)
	}
	d = act[apiIncomingDetail](t, e, "xianzhang", doc.ID, `{"action":"instruct","text":"同意，请县发改局抓紧办理。"}`, 200)
	if d.Document.Status != "assigned" || d.Instructions[0].Proxy || d.Instructions[0].ByName != "何建平" {
		t.Fatalf("after 批示: %s %+v", d.Document.Status, d.Instructions)
	}
	steps := []struct {
		user, body, status string
	}{
		{"fgj.lly", `{"action":"accept"}`, "in_progress"},
		{"fgj.lly", `{"action":"report","text":"已按要求完成。","reply_number":"青发改〔2026〕5号"}`, "replied"},
		{"wenshu", `{"action":"complete"}`, "completed"},
		{"wenshu", `{"action":"archive"}`, "archived"},
	}
	for _, st := range steps {
		d = act[apiIncomingDetail](t, e, st.user, doc.ID, st.body, 200)
		if d.Document.Status != st.status {
			t.Fatalf("%s %s: status %s, want %s", st.user, st.body, d.Document.Status, st.status)
		}
	}
	if d.Document.ArchiveNumber == "" || len(d.Holders) != 0 || len(d.Allowed) != 0 {
		t.Errorf("archived: %+v holders %v allowed %v", d.Document, d.Holders, d.Allowed)
	}
	want := []string{"register", "propose", "instruct", "accept", "report", "complete", "archive"}
	if diff := cmp.Diff(want, d.eventActions()); diff != "" {
		t.Errorf("timeline (-want +got):\n%s", diff)
	}

	// 代: the 副县长 holds the 县长's work by a delegation and signs for him.
	doc2 := apiRegister(t, e, "关于报送年度工作总结的通知")
	act[apiIncomingDetail](t, e, "zhuren", doc2.ID, fmt.Sprintf(`{"action":"propose","text":"呈何县长阅示。","leaders":[%d]}`, xz.ID()), 200)
	act[apiErrorBody](t, e, "fuxianzhang", doc2.ID, `{"action":"instruct","text":"同意。"}`, 404) // not yet a party
	deputy := e.actor("fuxianzhang")
	if err := e.app.CreateDelegation(context.Background(), xz, &zhongshu.Delegation{FromUserID: xz.ID(), ToUserID: deputy.ID(),
		StartsAt: time.Now().Add(-time.Minute), EndsAt: time.Now().Add(48 * time.Hour), Reason: "外出学习"}); err != nil {
		t.Fatal(err)
	}
	d = act[apiIncomingDetail](t, e, "fuxianzhang", doc2.ID, `{"action":"instruct","text":"同意，按程序办理。"}`, 200)
	in := d.Instructions[0]
	if !in.Proxy || in.ByName != "杜海燕" || in.LeaderName != "何建平" {
		t.Errorf("proxy 批示: %+v", in)
	}
	last := d.Events[len(d.Events)-1]
	if last.Action != "instruct" || !strings.Contains(last.Text, "代") || last.ActorName != "杜海燕" {
		t.Errorf("timeline entry of the proxy 批示: %+v", last)
	}
}

func TestAPI_IncomingVisibilityAndList(t *testing.T) {
	e := newEnv(t)
	doc, file := seedIncoming(t, e, "关于加强安全生产工作")
	path := incomingPath(doc.ID, "")
	fileURL := incomingPath(doc.ID, fmt.Sprintf("/files/%d", file.ID))

	// Another unit's liaison is told nothing.
	for _, req := range []struct{ method, path, body string }{
		{"GET", path, ""},
		{"GET", fileURL, ""},
		{"POST", path + "/actions", `{"action":"accept"}`},
		{"POST", path + "/actions", `{"action":"no-such-action"}`}, // a bad body says nothing either
		{"POST", path + "/files", "{}"},
		{"POST", path + "/supervise", ""},
	} {
		got := apiCall[apiErrorBody](t, e, "czj.lly", req.method, req.path, req.body, 404)
		if got.Error.Code != "not_found" {
			t.Errorf("czj.lly %s %s: %+v", req.method, req.path, got.Error)
		}
	}
	if l := apiCall[apiList[apiIncomingDoc]](t, e, "czj.lly", "GET", "/api/v1/incoming", "", 200); l.Total != 0 || len(l.Items) != 0 {
		t.Errorf("czj.lly lists %d documents", l.Total)
	}
	resp := e.apiDo("czj.lly", "GET", fileURL, "")
	if body := readBody(resp); resp.StatusCode != 404 || strings.Contains(body, "森林防火") {
		t.Errorf("czj.lly download: %d %q", resp.StatusCode, body)
	}
	// The unit it went to sees it, in the list and by id.
	if l := apiCall[apiList[apiIncomingDoc]](t, e, "fgj.lly", "GET", "/api/v1/incoming", "", 200); l.Total != 1 || l.Items[0].ID != doc.ID {
		t.Errorf("fgj.lly list: %+v", l)
	}
	apiCall[apiIncomingDetail](t, e, "fgj.lly", "GET", path, "", 200)
	// To them a bad body is a bad body.
	if got := apiCall[apiErrorBody](t, e, "fgj.lly", "POST", path+"/actions", `{"action":"no-such-action"}`, 400); got.Error.Fields["action"] == "" {
		t.Errorf("fgj.lly, bad action: %+v", got.Error)
	}

	// Filters.
	fgj := unitByName(t, e, "县发改局")
	other := apiRegister(t, e, "关于做好统计工作的报告")
	cst := time.FixedZone("CST", 8*3600)
	from, to := doc.ReceivedAt.In(cst).Format("2006-01-02"), other.ReceivedAt.In(cst).Format("2006-01-02")
	filters := []struct {
		query string
		want  []int64
	}{
		{"", []int64{other.ID, doc.ID}},
		{"status=assigned", []int64{doc.ID}},
		{"status=registered,assigned", []int64{other.ID, doc.ID}},
		{"status=registered&status=completed", []int64{other.ID}},
		{"urgency=加急", []int64{other.ID, doc.ID}},
		{"urgency=2", nil},
		{"handling=action&unit_id=" + strconv.FormatInt(fgj, 10), []int64{doc.ID}},
		{"from=" + from + "&to=" + to, []int64{other.ID, doc.ID}},
		{"to=2020-01-01", nil},
		{"sender=市人民政府", []int64{doc.ID}},
		{"q=统计", []int64{other.ID}},
		{"overdue=1", nil},
		{"limit=1", []int64{other.ID}},
		{"limit=1&offset=1", []int64{doc.ID}},
	}
	for _, f := range filters {
		l := apiCall[apiList[apiIncomingDoc]](t, e, "wenshu", "GET", "/api/v1/incoming?"+f.query, "", 200)
		var got []int64
		for _, it := range l.Items {
			got = append(got, it.ID)
		}
		if diff := cmp.Diff(f.want, got); diff != "" {
			t.Errorf("?%s (-want +got):\n%s", f.query, diff)
		}
	}
	bad := apiCall[apiErrorBody](t, e, "wenshu", "GET", "/api/v1/incoming?status=lost&urgency=slow&from=昨天&unit_id=x&overdue=maybe", "", 400)
	for _, f := range []string{"status", "urgency", "from", "unit_id", "overdue"} {
		if bad.Error.Fields[f] == "" {
			t.Errorf("no message for %s: %v", f, bad.Error.Fields)
		}
	}
}

func TestAPI_IncomingConcurrentNumbers(t *testing.T) {
	e := newEnv(t)
	tok := e.token("wenshu")
	const n = 20
	calls := make([]apiPost, n)
	for i := range calls {
		calls[i] = apiPost{tok, "/api/v1/incoming", incomingBody(fmt.Sprintf("关于并发登记第%d件的通知", i))}
	}
	numbers := make([]string, n)
	for i, body := range apiPostAll(t, e, 201, calls) {
		var out struct {
			Document apiIncomingDoc `json:"document"`
		}
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatalf("registration %d: %v", i, err)
		}
		numbers[i] = out.Document.Number
	}
	re := regexp.MustCompile(`^收〔(\d{4})〕(\d{4})$`)
	var seqs []int
	for _, num := range numbers {
		m := re.FindStringSubmatch(num)
		if m == nil {
			t.Fatalf("收文号 %q", num)
		}
		seq, _ := strconv.Atoi(m[2])
		seqs = append(seqs, seq)
	}
	sort.Ints(seqs)
	for i := 1; i < n; i++ {
		if seqs[i] != seqs[i-1]+1 {
			t.Fatalf("收文号 not consecutive and distinct: %v", seqs)
		}
	}
}

func TestAPI_IncomingVoidedAndSupervise(t *testing.T) {
	e := newEnv(t)
	// 作废: the number is listed, never given again.
	wrong := apiRegister(t, e, "关于重复登记的通知")
	act[apiIncomingDetail](t, e, "wenshu", wrong.ID, `{"action":"void","text":"重复登记"}`, 200)
	year := wrong.Number[len("收〔") : len("收〔")+4]
	type voided struct {
		Year  int `json:"year"`
		Items []struct {
			Number string `json:"number"`
			DocID  int64  `json:"doc_id"`
			Reason string `json:"reason"`
		} `json:"items"`
	}
	v := apiCall[voided](t, e, "zhuren", "GET", "/api/v1/incoming/voided?year="+year, "", 200)
	if len(v.Items) != 1 || v.Items[0].Number != wrong.Number || v.Items[0].DocID != wrong.ID || v.Items[0].Reason != "重复登记" {
		t.Errorf("voided = %+v", v)
	}
	apiCall[apiErrorBody](t, e, "fgj.lly", "GET", "/api/v1/incoming/voided", "", 403)
	apiCall[apiErrorBody](t, e, "wenshu", "GET", "/api/v1/incoming/voided?year=26", "", 400)
	if next := apiRegister(t, e, "关于重新登记的通知"); next.Number == wrong.Number {
		t.Errorf("voided number %s given again", next.Number)
	}

	// 转督办: the 督查室 is a 协办 unit, so the 督查员 sees the document.
	doc := apiRegister(t, e, "关于落实县长办公会议定事项的通知")
	act[apiIncomingDetail](t, e, "zhuren", doc.ID, fmt.Sprintf(`{"action":"propose","text":"请县发改局牵头办理，督查室跟踪。",`+
		`"due_workdays":10,"assignments":[{"unit_id":%d,"role":"lead"},{"unit_id":%d,"role":"co"}]}`,
		unitByName(t, e, "县发改局"), unitByName(t, e, "督查室")), 200)
	if d := apiCall[apiIncomingDetail](t, e, "duchayuan", "GET", incomingPath(doc.ID, ""), "", 200); !d.CanSupervise {
		t.Error("the 督查员 may not 转督办")
	}
	apiCall[apiErrorBody](t, e, "wenshu", "POST", incomingPath(doc.ID, "/supervise"), "", 403)
	type item struct {
		ID     int64  `json:"id"`
		Number string `json:"number"`
		Status string `json:"status"`
	}
	it := apiCall[item](t, e, "duchayuan", "POST", incomingPath(doc.ID, "/supervise"), "", 201)
	if it.ID == 0 || !strings.HasPrefix(it.Number, "督〔") || it.Status != "draft" {
		t.Errorf("督办 item = %+v", it)
	}
	apiCall[apiErrorBody](t, e, "duchayuan", "POST", incomingPath(doc.ID, "/supervise"), "", 409)
}

// TestOpenAPI_Incoming checks that the 收文 operations are described and
// that the described properties are the keys sent.
func TestOpenAPI_Incoming(t *testing.T) {
	e := newEnv(t)
	doc := fetchOpenAPI(t, e)
	doc.checkOperations(t, map[string][]string{
		"/api/v1/incoming":                   {"get", "post"},
		"/api/v1/incoming/voided":            {"get"},
		"/api/v1/incoming/{id}":              {"get"},
		"/api/v1/incoming/{id}/actions":      {"post"},
		"/api/v1/incoming/{id}/files":        {"post"},
		"/api/v1/incoming/{id}/files/{file}": {"get"},
		"/api/v1/incoming/{id}/supervise":    {"post"},
	})
	dl := doc.paths["/api/v1/incoming/{id}/files/{file}"].(map[string]any)["get"].(map[string]any)
	content := dl["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)
	if content["application/octet-stream"] == nil {
		t.Errorf("download response content: %v", content)
	}

	d, _ := seedIncoming(t, e, "关于核对接口说明")
	detail := apiCall[map[string]any](t, e, "wenshu", "GET", incomingPath(d.ID, ""), "", 200)
	list := apiCall[map[string]any](t, e, "wenshu", "GET", "/api/v1/incoming", "", 200)
	doc.checkSchemaKeys(t, []schemaSample{
		{"IncomingDetail", detail},
		{"IncomingDocument", detail["document"].(map[string]any)},
		{"IncomingAssignment", detail["assignments"].([]any)[0].(map[string]any)},
		{"Attachment", detail["attachments"].([]any)[0].(map[string]any)},
		{"IncomingEvent", detail["events"].([]any)[0].(map[string]any)},
		{"IncomingHolder", detail["holders"].([]any)[0].(map[string]any)},
		{"IncomingList", list},
	})
}
