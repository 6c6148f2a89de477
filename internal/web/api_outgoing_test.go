package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/docsign"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// apiOutDoc is the part of a 发文 the tests read.
type apiOutDoc struct {
	ID            int64  `json:"id"`
	Number        string `json:"number"`
	Series        string `json:"series"`
	Title         string `json:"title"`
	Status        string `json:"status"`
	StatusLabel   string `json:"status_label"`
	Version       int    `json:"version"`
	Urgency       int    `json:"urgency"`
	UrgencyLabel  string `json:"urgency_label"`
	DrafterName   string `json:"drafter_name"`
	ReturnText    string `json:"return_text"`
	RenditionSM3  string `json:"rendition_sm3"`
	ArchiveNumber string `json:"archive_number"`
	Issuers       []struct {
		UnitID *int64 `json:"unit_id"`
		Name   string `json:"name"`
	} `json:"issuers"`
	Countersigns []struct {
		UnitName string `json:"unit_name"`
		ByName   string `json:"by_name"`
		Agreed   bool   `json:"agreed"`
	} `json:"countersigns"`
	Signatures []struct {
		LeaderName string `json:"leader_name"`
		ByName     string `json:"by_name"`
		Opinion    string `json:"opinion"`
	} `json:"signatures"`
}

type apiOutSaved struct {
	Document apiOutDoc `json:"document"`
	Warnings []string  `json:"warnings"`
}

type apiOutFinding struct {
	Rule     string `json:"rule"`
	Field    string `json:"field"`
	Message  string `json:"message"`
	Blocking bool   `json:"blocking"`
}

type apiOutDiffOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

type apiOutDetail struct {
	Document apiOutDoc `json:"document"`
	Versions []struct {
		No       int            `json:"no"`
		By       string         `json:"by"`
		Reason   string         `json:"reason"`
		Inserted int            `json:"inserted"`
		Deleted  int            `json:"deleted"`
		Diff     []apiOutDiffOp `json:"diff"`
	} `json:"versions"`
	apiDocTrail
	Deliveries []struct {
		Unit     string     `json:"unit"`
		SignedAt *time.Time `json:"signed_at"`
		SignedBy string     `json:"signed_by"`
	} `json:"deliveries"`
	Findings  []apiOutFinding `json:"findings"`
	Rendition *struct {
		URL    string `json:"url"`
		SigURL string `json:"sig_url"`
		SM3    string `json:"sm3"`
	} `json:"rendition"`
}

func apiOutPath(id int64, rest string) string { return fmt.Sprintf("/api/v1/outgoing/%d%s", id, rest) }

// apiOutBody is a create body for the 通知 of apiOutDraft with the given
// title; extra fields (JSON members) are added at the end.
func apiOutBody(t *testing.T, e *env, title string, extra ...string) string {
	t.Helper()
	d := apiOutDraft(t, e, title)
	m := map[string]any{"kind": "notice", "issuers": []map[string]any{{"unit_id": d.Issuers[0].UnitID}}, "title": title,
		"main_to": []map[string]any{{"unit_id": d.MainTo[0].UnitID}, {"name": d.MainTo[1].Name}},
		"cc":      []map[string]any{{"unit_id": d.CC[0].UnitID}}, "body": d.Body, "attachment_names": d.AttachmentNames,
		"disclosure": "active", "copies": 30, "sealed": true}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, x := range extra {
		s = strings.TrimSuffix(s, "}") + "," + x + "}"
	}
	return s
}

// apiOutAct posts an action as user and decodes the answer.
func apiOutAct[T any](t *testing.T, e *env, user string, id int64, body string, want int) T {
	t.Helper()
	return apiCall[T](t, e, user, "POST", apiOutPath(id, "/actions"), body, want)
}

func TestAPI_OutgoingCreate(t *testing.T) {
	e := newEnv(t)
	count := func() int {
		return apiCall[apiList[map[string]any]](t, e, "zhuren", "GET", "/api/v1/outgoing", "", 200).Total
	}

	// A title that does not end with its 文种: saved, warned, refused on 送核稿.
	resp := e.apiDo("liting", "POST", "/api/v1/outgoing", apiOutBody(t, e, "青川县人民政府办公室关于做好安全生产工作", `"urgency":"加急"`))
	loc := resp.Header.Get("Location")
	got := apiDecode[apiOutSaved](t, resp, 201)
	d := got.Document
	if d.Status != "drafting" || d.Version != 1 || d.Series != "青政办发" || d.Number != "" || d.Urgency != 1 ||
		d.UrgencyLabel != "加急" || d.DrafterName != "李婷" || len(d.Issuers) != 1 || d.Issuers[0].Name != apiOutOffice {
		t.Errorf("created %+v", d)
	}
	if loc != apiOutPath(d.ID, "") {
		t.Errorf("Location %q", loc)
	}
	if !slices.ContainsFunc(got.Warnings, func(w string) bool { return strings.Contains(w, "标题应以文种“通知”结尾") }) {
		t.Errorf("warnings %q lack the 文种 ending", got.Warnings)
	}
	det := apiCall[apiOutDetail](t, e, "liting", "GET", apiOutPath(d.ID, ""), "", 200)
	if !slices.ContainsFunc(det.Findings, func(f apiOutFinding) bool { return f.Rule == "title_kind" && f.Field == "title" && f.Blocking }) {
		t.Errorf("findings %+v lack a blocking title_kind", det.Findings)
	}
	if !slices.Contains(det.allowed(), "submit") {
		t.Errorf("the drafter may %v", det.allowed())
	}
	refused := apiOutAct[apiErrorBody](t, e, "liting", d.ID, `{"action":"submit"}`, 400)
	if !strings.Contains(refused.Error.Message, "行文规则") || !strings.Contains(refused.Error.Fields["title"], "文种") {
		t.Errorf("submit with a bad title: %+v", refused.Error)
	}
	// Corrected, it goes.
	saved := apiCall[apiOutSaved](t, e, "liting", "PUT", apiOutPath(d.ID, ""),
		apiOutBody(t, e, "青川县人民政府办公室关于做好安全生产工作的通知", `"reason":"补全文种"`), 200)
	if saved.Document.Version != 2 || slices.ContainsFunc(saved.Warnings, func(w string) bool { return strings.HasPrefix(w, "须修改") }) {
		t.Errorf("saved %+v, warnings %q", saved.Document, saved.Warnings)
	}
	if a := apiOutAct[apiOutDetail](t, e, "liting", d.ID, `{"action":"submit"}`, 200); a.Document.Status != "unit_check" {
		t.Errorf("after submit: %s", a.Document.Status)
	}

	// Problems at the edge are named field by field; nothing is saved.
	before := count()
	tests := []struct {
		name, body string
		fields     []string
		message    string
	}{
		{"bad JSON", `{"title":`, nil, "不是有效的 JSON"},
		{"not an object", `[1]`, nil, "不是有效的 JSON"},
		{"wrong type", `{"copies":"三十"}`, []string{"copies"}, ""},
		{"unknown field", `{"subject":"x"}`, []string{"subject"}, "subject"},
		{"bad values", `{"kind":"便条","format":"scroll","direction":"sideways","urgency":"很急","issuers":[{"name":"县政府办"}],` +
			`"disclosure":"maybe","main_to":[{}],"title":""}`,
			[]string{"kind", "format", "direction", "urgency", "issuers", "disclosure", "main_to", "title"}, ""},
		{"missing", `{"kind":"notice"}`, []string{"title", "issuers", "disclosure"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := apiCall[apiErrorBody](t, e, "liting", "POST", "/api/v1/outgoing", tt.body, 400)
			if bad.Error.Code != "invalid" || !strings.Contains(bad.Error.Message, tt.message) {
				t.Errorf("error %+v", bad.Error)
			}
			for _, f := range tt.fields {
				if bad.Error.Fields[f] == "" {
					t.Errorf("no message for %s: %v", f, bad.Error.Fields)
				}
			}
		})
	}

	// 涉密: refused with the one message, nothing saved, the refusal audited.
	for _, secrecy := range []string{"秘密", "confidential", "内部"} {
		bad := apiCall[apiErrorBody](t, e, "liting", "POST", "/api/v1/outgoing",
			apiOutBody(t, e, "青川县人民政府办公室关于某事项的通知", fmt.Sprintf(`"secrecy":%q,"urgency":"很急"`, secrecy)), 400)
		if bad.Error.Fields["secrecy"] != zhongshu.ClassifiedMessage || !strings.Contains(bad.Error.Message, zhongshu.ClassifiedMessage) {
			t.Errorf("secrecy %s: %+v", secrecy, bad.Error)
		}
	}
	if n := count(); n != before {
		t.Errorf("%d documents after refused drafts, want %d", n, before)
	}
	// Nor may a saved draft become classified.
	fresh := apiCall[apiOutSaved](t, e, "liting", "POST", "/api/v1/outgoing", apiOutBody(t, e, "青川县人民政府办公室关于另一事项的通知"), 201).Document
	bad := apiCall[apiErrorBody](t, e, "liting", "PUT", apiOutPath(fresh.ID, ""),
		apiOutBody(t, e, "青川县人民政府办公室关于另一事项的通知", `"secrecy":"机密"`), 400)
	if bad.Error.Fields["secrecy"] != zhongshu.ClassifiedMessage {
		t.Errorf("saving a classified draft: %+v", bad.Error)
	}
	if v := apiCall[apiOutDetail](t, e, "liting", "GET", apiOutPath(fresh.ID, ""), "", 200); v.Document.Version != 1 {
		t.Errorf("the refused save made version %d", v.Document.Version)
	}
	type auditEntry struct {
		Action    string `json:"action"`
		ActorName string `json:"actor_name"`
		Success   bool   `json:"success"`
		Detail    string `json:"detail"`
	}
	audit := apiCall[apiList[auditEntry]](t, e, "auditadmin", "GET", "/api/v1/audit?action=outgoing.create&success=false", "", 200)
	if audit.Total != 3 || audit.Items[0].ActorName != "李婷" || !strings.Contains(audit.Items[0].Detail, zhongshu.ClassifiedMessage) {
		t.Errorf("audited refusals: %+v", audit)
	}
	// The administrators do not draft.
	apiCall[apiErrorBody](t, e, "sysadmin", "POST", "/api/v1/outgoing", apiOutBody(t, e, "青川县人民政府办公室关于越权的通知"), 403)
}

func TestAPI_OutgoingRoute(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	name := func(user string) string { return e.actor(user).User.Name }
	czj := unitByName(t, e, "县财政局")
	doc := apiCall[apiOutSaved](t, e, "liting", "POST", "/api/v1/outgoing",
		apiOutBody(t, e, "青川县人民政府办公室关于做好元旦春节期间安全生产工作的通知"), 201).Document
	id := doc.ID
	step := func(user, body, status string, holders ...string) apiOutDetail {
		t.Helper()
		got := apiOutAct[apiOutDetail](t, e, user, id, body, 200)
		if got.Document.Status != status {
			t.Fatalf("%s %s: status %s, want %s", user, body, got.Document.Status, status)
		}
		// Where it is now, as the 文电科 sees it.
		view := apiCall[apiOutDetail](t, e, "wenshu", "GET", apiOutPath(id, ""), "", 200)
		sort.Strings(holders)
		if diff := cmp.Diff(append([]string{}, holders...), view.holders()); diff != "" {
			t.Errorf("%s %s: 待办 (-want +got):\n%s", user, body, diff)
		}
		return got
	}
	step("liting", `{"action":"submit"}`, "unit_check", "张伟:核稿")

	// Refusals: the wrong person, the wrong state, bad bodies.
	tests := []struct {
		name, user, body string
		status           int
		code, field      string
	}{
		{"drafter may not check", "liting", `{"action":"check"}`, 403, "forbidden", ""},
		{"not yet signed", "wenshu", `{"action":"register"}`, 409, "precondition", ""},
		{"unknown action", "zhangwei", `{"action":"approve"}`, 400, "invalid", "action"},
		{"edit is PUT", "zhangwei", `{"action":"edit"}`, 400, "invalid", "action"},
		{"unknown field", "zhangwei", `{"action":"check","comment":"好"}`, 400, "invalid", "comment"},
		{"bad date", "zhuren", `{"action":"abolish","effective_at":"明年"}`, 400, "invalid", "effective_at"},
		{"bad JSON", "zhangwei", `{"action":`, 400, "invalid", ""},
		{"stranger", "chengguan.lly", `{"action":"check"}`, 404, "not_found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := apiOutAct[apiErrorBody](t, e, tt.user, id, tt.body, tt.status)
			if got.Error.Code != tt.code || (tt.field != "" && got.Error.Fields[tt.field] == "") {
				t.Errorf("error = %+v, want %s naming %q", got.Error, tt.code, tt.field)
			}
		})
	}

	step("zhangwei", fmt.Sprintf(`{"action":"check","units":[%d]}`, czj), "countersign", name("czj.lly")+":会签")
	d := step("czj.lly", `{"action":"countersign","text":"同意。"}`, "office_review", "王建国:审核")
	if len(d.Document.Countersigns) != 1 || !d.Document.Countersigns[0].Agreed || d.Document.Countersigns[0].ByName != name("czj.lly") {
		t.Errorf("会签 %+v", d.Document.Countersigns)
	}
	d = step("zhuren", `{"action":"return","text":"第二部分请补充值班要求。"}`, "drafting", "李婷:修改文稿")
	if d.Document.ReturnText != "第二部分请补充值班要求。" {
		t.Errorf("return text %q", d.Document.ReturnText)
	}

	// The drafter revises: version 2, its difference kept (痕迹保留).
	revised := strings.Replace(apiOutBody(t, e, doc.Title), `请于12月31日前`, `严格执行领导带班和24小时值班制度。请于12月31日前`, 1)
	apiCall[apiOutSaved](t, e, "liting", "PUT", apiOutPath(id, ""), strings.TrimSuffix(revised, "}")+`,"reason":"按主任意见补充值班要求"}`, 200)
	v := apiCall[apiOutDetail](t, e, "zhuren", "GET", apiOutPath(id, ""), "", 200)
	if len(v.Versions) != 2 || v.Document.Version != 2 {
		t.Fatalf("versions %+v", v.Versions)
	}
	v2 := v.Versions[1]
	inserted := slices.ContainsFunc(v2.Diff, func(op apiOutDiffOp) bool { return op.Op == "insert" && strings.Contains(op.Text, "领导带班") })
	if v2.No != 2 || v2.By != "李婷" || v2.Reason != "按主任意见补充值班要求" || v2.Inserted == 0 || v2.Deleted != 0 || !inserted {
		t.Errorf("version 2 = %+v", v2)
	}
	if len(v.Versions[0].Diff) != 0 {
		t.Errorf("the first version has a difference: %+v", v.Versions[0].Diff)
	}

	step("liting", `{"action":"submit"}`, "unit_check", "张伟:核稿")
	step("zhangwei", `{"action":"check"}`, "office_review", "王建国:审核")
	checks := strings.Repeat(`{"ok":true},`, len(zhongshu.ReviewItems)-1) + `{"ok":true,"comment":"格式规范"}`
	step("zhuren", fmt.Sprintf(`{"action":"review","checks":[%s],"signers":[{"leader_id":%d}]}`, checks, e.actor("xianzhang").ID()),
		"signing", "何建平:签发")
	d = step("xianzhang", `{"action":"sign","text":"同意印发。"}`, "recheck", "郑晓燕:复核登记", "谢宇:复核登记")
	if s := d.Document.Signatures; len(s) != 1 || s[0].ByName != "何建平" || s[0].Opinion != "同意印发。" {
		t.Errorf("签发 %+v", s)
	}

	// 登记: the first number of the 机关代字 this year, and the rendition.
	d = step("wenshu", `{"action":"register"}`, "producing", "郑晓燕:印制核发", "谢宇:印制核发")
	year := time.Now().In(time.FixedZone("CST", 8*3600)).Year()
	if want := fmt.Sprintf("青政办发〔%d〕1号", year); d.Document.Number != want {
		t.Errorf("发文字号 %q, want %q", d.Document.Number, want)
	}
	if d.Rendition == nil || d.Rendition.SM3 == "" || d.Rendition.SM3 != d.Document.RenditionSM3 {
		t.Fatalf("rendition %+v, document sm3 %q", d.Rendition, d.Document.RenditionSM3)
	}
	resp := e.apiDo("zhuren", "GET", d.Rendition.URL, "")
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("rendition: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), pdf[:min(len(pdf), 16)])
	}
	if sum, _ := docsign.Digest(pdf); sum != d.Rendition.SM3 {
		t.Errorf("SM3 of the download %s, detail says %s", sum, d.Rendition.SM3)
	}
	resp = e.apiDo("zhuren", "GET", d.Rendition.SigURL, "")
	sig, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf(".sig: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	env, err := docsign.ParseEnvelope(sig)
	if err != nil {
		t.Fatal(err)
	}
	pem, _, err := e.app.UnitPublicKey(ctx, env.Record.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := docsign.ParsePublicKeyPEM(pem)
	if err != nil {
		t.Fatal(err)
	}
	if err := docsign.Verify(env, pdf, pub); err != nil {
		t.Errorf("verify: %v", err)
	}
	if env.Record.Number != d.Document.Number || len(env.Record.Signers) != 1 || env.Record.Signers[0].Name != "何建平" {
		t.Errorf("signed record %+v", env.Record)
	}

	// 核发: delivered to the 县发改局 and the 县财政局, whose 签收 comes back as a receipt.
	d = step("wenshu", `{"action":"dispatch"}`, "dispatched", "郑晓燕:公开发布", "谢宇:公开发布")
	if len(d.Deliveries) != 2 {
		t.Fatalf("deliveries %+v", d.Deliveries)
	}
	in := apiCall[apiList[apiIncomingDoc]](t, e, "fgj.lly", "GET", "/api/v1/incoming?q="+d.Document.Number, "", 200)
	if len(in.Items) != 1 || in.Items[0].SenderNumber != d.Document.Number {
		t.Fatalf("发改局's 收文: %+v", in)
	}
	act[apiIncomingDetail](t, e, "fgj.lly", in.Items[0].ID, `{"action":"sign"}`, 200)
	d = apiCall[apiOutDetail](t, e, "wenshu", "GET", apiOutPath(id, ""), "", 200)
	for _, dv := range d.Deliveries {
		if signed := dv.SignedAt != nil; signed != (dv.Unit == "县发改局") || (signed && dv.SignedBy != name("fgj.lly")) {
			t.Errorf("delivery %+v", dv)
		}
	}
	step("wenshu", `{"action":"publish"}`, "published")
	d = step("wenshu", `{"action":"archive"}`, "archived")
	if d.Document.ArchiveNumber == "" {
		t.Errorf("archived without a number: %+v", d.Document)
	}
	want := []string{"create", "submit", "check", "countersign", "return", "edit", "submit", "check", "review", "sign",
		"register", "produce", "dispatch", "receipt", "publish", "archive"}
	if diff := cmp.Diff(want, d.eventActions()); diff != "" {
		t.Errorf("timeline (-want +got):\n%s", diff)
	}
}

// TestAPI_OutgoingConcurrentNumbers registers 20 documents of one 机关代字
// at once through the API: the numbers are 1..20, no gaps, no duplicates.
func TestAPI_OutgoingConcurrentNumbers(t *testing.T) {
	e := newEnv(t)
	const n = 20
	ids := make([]int64, n)
	for i := range ids {
		d, _ := seedOutgoing(t, e, fmt.Sprintf("青川县人民政府办公室关于第%d项工作的通知", i+1), "recheck")
		ids[i] = d.ID
	}
	toks := []string{e.token("wenshu"), e.token("xieyu")}
	calls := make([]apiPost, n)
	for i, id := range ids {
		calls[i] = apiPost{toks[i%2], apiOutPath(id, "/actions"), `{"action":"register"}`}
	}
	numbers := make([]string, n)
	for i, body := range apiPostAll(t, e, 200, calls) {
		var out apiOutDetail
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatalf("registration %d: %v", i, err)
		}
		numbers[i] = out.Document.Number
	}
	year := time.Now().In(time.FixedZone("CST", 8*3600)).Year()
	var want []string
	for i := 1; i <= n; i++ {
		want = append(want, fmt.Sprintf("青政办发〔%d〕%d号", year, i))
	}
	sort.Slice(numbers, func(i, j int) bool {
		return len(numbers[i]) < len(numbers[j]) || len(numbers[i]) == len(numbers[j]) && numbers[i] < numbers[j]
	})
	if diff := cmp.Diff(want, numbers); diff != "" {
		t.Errorf("发文字号 (-want +got):\n%s", diff)
	}
}

// TestOpenAPI_Outgoing checks that the 发文 operations are described and
// that the described properties are the keys sent.
func TestOpenAPI_Outgoing(t *testing.T) {
	e := newEnv(t)
	doc := fetchOpenAPI(t, e)
	doc.checkOperations(t, map[string][]string{
		"/api/v1/outgoing":                    {"get", "post"},
		"/api/v1/outgoing/export":             {"get"},
		"/api/v1/outgoing/{id}":               {"get", "put"},
		"/api/v1/outgoing/{id}/actions":       {"post"},
		"/api/v1/outgoing/{id}/files":         {"post"},
		"/api/v1/outgoing/{id}/files/{file}":  {"get"},
		"/api/v1/outgoing/{id}/rendition":     {"get"},
		"/api/v1/outgoing/{id}/rendition.sig": {"get"},
	})
	d, _ := seedOutgoing(t, e, "青川县人民政府办公室关于核对接口说明的通知", "dispatched")
	detail := apiCall[map[string]any](t, e, "wenshu", "GET", apiOutPath(d.ID, ""), "", 200)
	list := apiCall[map[string]any](t, e, "wenshu", "GET", "/api/v1/outgoing", "", 200)
	sig := apiCall[map[string]any](t, e, "wenshu", "GET", apiOutPath(d.ID, "/rendition.sig"), "", 200)
	created := apiCall[map[string]any](t, e, "liting", "POST", "/api/v1/outgoing", apiOutBody(t, e, "关于核对"), 201)
	document := detail["document"].(map[string]any)
	draft := apiCall[map[string]any](t, e, "liting", "GET",
		apiOutPath(int64(created["document"].(map[string]any)["id"].(float64)), ""), "", 200)
	first := func(m map[string]any, key string) map[string]any {
		l, _ := m[key].([]any)
		if len(l) == 0 {
			t.Fatalf("no %s in %v", key, m)
		}
		return l[0].(map[string]any)
	}
	doc.checkSchemaKeys(t, []schemaSample{
		{"OutgoingDetail", detail},
		{"OutgoingDocument", document},
		{"OutgoingParty", first(document, "issuers")},
		{"OutgoingReviewCheck", first(document, "review")},
		{"OutgoingSignature", first(document, "signatures")},
		{"OutgoingVersion", first(detail, "versions")},
		{"OutgoingEvent", first(detail, "events")},
		{"Attachment", first(detail, "attachments")},
		{"OutgoingDelivery", first(detail, "deliveries")},
		{"IncomingHolder", first(detail, "holders")},
		{"SupervisionAction", first(detail, "allowed")},
		{"OutgoingRendition", detail["rendition"].(map[string]any)},
		{"OutgoingList", list},
		{"OutgoingRow", first(list, "items")},
		{"OutgoingSignedRecord", sig},
		{"OutgoingSignedRecordBody", sig["record"].(map[string]any)},
		{"OutgoingSignedRecordSigner", first(sig["record"].(map[string]any), "signers")},
		{"OutgoingSaved", created},
		{"OutgoingFinding", first(draft, "findings")},
	})
}
