package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// outgoingTotal is how many 发文 the actor's list holds.
func outgoingTotal(t *testing.T, e *env, username string) int {
	t.Helper()
	l, err := e.app.FindOutgoingDocs(context.Background(), e.actor(username), store.OutgoingFilter{}, app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	return l.Total
}

// draftForm is a 通知 of the 县政府办公室 to 县财政局 and the 乡镇, as the
// drafting form posts it.
func draftForm(t *testing.T, e *env) url.Values {
	t.Helper()
	return url.Values{"kind": {"notice"}, "direction": {"down"}, "format": {"general"},
		"lead": {fmt.Sprint(unitByName(t, e, "县政府办"))}, "series": {"青政办发"},
		"title":        {"青川县人民政府办公室关于开展汛前安全大检查的通知"},
		"main_to":      {fmt.Sprint(unitByName(t, e, "县财政局"))},
		"main_to_text": {"各乡镇人民政府"},
		"body": {"为切实做好今年防汛工作，经县政府同意，决定开展汛前安全大检查。现将有关事项通知如下。\n" +
			"一、检查范围\n各乡镇、县级有关部门。\n二、检查重点\n（一）水库和山塘。\n（二）地质灾害隐患点。\n" +
			"三、工作要求\n请于5月20日前报送检查情况。"},
		"attachments": {"汛前安全大检查情况统计表"}, "urgency": {"1"}, "disclosure": {"active"},
		"note": {"联系人：李婷，电话：0839-7201234"}, "copies": {"40"}, "sealed": {"1"}}
}

// mustStatus fails unless resp has the status, and closes it.
func mustStatus(t *testing.T, what string, resp *http.Response, status int) string {
	t.Helper()
	body := readBody(resp)
	if resp.StatusCode != status {
		t.Fatalf("%s: status %d, want %d: %.1500s", what, resp.StatusCode, status, body)
	}
	return body
}

// act posts one action on a 发文 as c and expects the redirect back.
func (e *env) act(c *http.Client, doc string, form url.Values) {
	e.t.Helper()
	resp := e.postForm(c, doc+"/act", form)
	body := readBody(resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != doc {
		e.t.Fatalf("%s on %s: %d %s: %.1500s", form.Get("action"), doc, resp.StatusCode, resp.Header.Get("Location"), body)
	}
}

func TestPages_OutgoingForm(t *testing.T) {
	e := newEnv(t)
	c := e.login("liting")

	body := readBody(e.get(c, "/outgoing/new"))
	mustContain(t, "form", body, "起草公文", zhongshu.NonClassifiedWarning, "密级：非密", "发文机关＋关于＋事由＋文种",
		`name="main_to_text"`, `name="cc_text"`, `id="body"`, `class="og-body"`, "一、", "（一）", "附件说明", "公开属性",
		`data-direction="up"`, `data-suffixes="函,发,任"`, `value="青政办发" selected`, "青川县人民政府办公室", "青川县财政局",
		"需上会审议", "已经本级政府同意", "加盖印章", "outgoing.js", "outgoing.css", `id="disclosure-reason-field" hidden`)
	for _, bad := range []string{`name="secrecy"`, "机密", "绝密", "<script>", "style="} {
		if strings.Contains(body, bad) {
			t.Errorf("the form holds %q", bad)
		}
	}

	// A bad draft keeps everything typed and says what is wrong beside each field.
	before := outgoingTotal(t, e, "liting")
	bad := draftForm(t, e)
	bad.Set("title", " ")
	bad.Set("disclosure", "on_request")
	bad.Set("copies", "四十份")
	body = mustStatus(t, "bad draft", e.postForm(c, "/outgoing/new", bad), http.StatusBadRequest)
	mustContain(t, "bad draft", body, "请填写标题", "依申请公开、不予公开须说明理由", "印制份数须为整数", `aria-invalid="true"`,
		"为切实做好今年防汛工作", `value="各乡镇人民政府"`, `value="四十份"`, `value="on_request" selected`,
		"汛前安全大检查情况统计表", `id="disclosure-reason-field">`, `value="1" checked`)
	// 涉密 cannot be chosen; one posted anyway is refused and nothing is kept.
	body = mustStatus(t, "classified", e.postForm(c, "/outgoing/new", withField(draftForm(t, e), "secrecy", "confidential")), http.StatusBadRequest)
	mustContain(t, "classified", body, zhongshu.ClassifiedMessage, "为切实做好今年防汛工作")
	if n := outgoingTotal(t, e, "liting"); n != before {
		t.Errorf("after refused drafts the list holds %d, want %d", n, before)
	}

	// A good draft goes to its page, which shows the text as it will print.
	resp := e.postForm(c, "/outgoing/new", draftForm(t, e))
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/outgoing/\d+$`).MatchString(loc) {
		t.Fatalf("create: %d %s %.1500s", resp.StatusCode, loc, readBody(resp))
	}
	resp.Body.Close()
	body = readBody(e.get(c, loc))
	mustContain(t, "draft page", body, "已保存草稿", "第1稿", "起草中", "加急", "青川县人民政府办公室关于开展汛前安全大检查的通知",
		"各乡镇人民政府，青川县财政局：", `<p class="og-p og-l1">一、检查范围</p>`, `<p class="og-p og-l2">（一）水库和山塘。</p>`,
		"汛前安全大检查情况统计表", "（联系人：李婷，电话：0839-7201234；此件公开发布）", "下一步：送核稿", `value="submit"`,
		"张伟", `href="`+loc+`/edit"`, "撤稿", "data-confirm", "登记后编号", `id="outgoing-timeline"`, "起草")
	if n := outgoingTotal(t, e, "liting"); n != before+1 {
		t.Errorf("after the draft the list holds %d, want %d", n, before+1)
	}
	// The edit form shows the draft as saved.
	body = readBody(e.get(c, loc+"/edit"))
	mustContain(t, "edit form", body, "修改文稿", "修改说明", `value="各乡镇人民政府"`, "二、检查重点", `value="40"`)
	// Someone who may see the draft but not change it now is refused the edit page.
	if resp := e.get(e.login("zhuren"), loc+"/edit"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("edit by the office director while drafting: %d, want 403", resp.StatusCode)
	}
}

func TestPages_OutgoingRoute(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	year := time.Now().In(time.FixedZone("CST", 8*3600)).Year()
	fgj := fmt.Sprint(unitByName(t, e, "县发改局"))
	zhurenID := fmt.Sprint(e.actor("zhuren").ID())
	xianzhangID := e.actor("xianzhang").ID()
	office := unitByName(t, e, "县政府办")

	liting := e.login("liting")
	resp := e.postForm(liting, "/outgoing/new", draftForm(t, e))
	doc := resp.Header.Get("Location")
	mustStatus(t, "create", resp, http.StatusSeeOther)
	id := strings.TrimPrefix(doc, "/outgoing/")

	// 拟稿人 → 科长 (the default 核稿人).
	e.act(liting, doc, url.Values{"action": {"submit"}, "to": {""}})
	zhangwei := e.login("zhangwei")
	body := readBody(e.get(zhangwei, doc))
	mustContain(t, "核稿 page", body, "下一步：核稿通过", "科室核稿", `name="units"`, "青川县发展和改革局", `value="`+zhurenID+`" selected`, "退回修改")
	// 核稿 with 县发改局 to 会签.
	e.act(zhangwei, doc, url.Values{"action": {"check"}, "units": {fgj}, "to": {zhurenID}})
	lly := e.login("fgj.lly")
	body = readBody(e.get(lly, doc))
	mustContain(t, "会签 page", body, "会签中", "下一步：会签同意", "待会签", `data-og-fill="同意。"`)
	e.act(lly, doc, url.Values{"action": {"countersign"}, "text": {"同意。"}})

	// The office director returns it with comments; a return without them is refused.
	zhuren := e.login("zhuren")
	body = readBody(e.get(zhuren, doc))
	mustContain(t, "审核 page", body, "办公室审核", "下一步：审核通过", "全部通过", "行文理由是否充分", "何建平", `name="signer_`)
	body = mustStatus(t, "return without text", e.postForm(zhuren, doc+"/act", url.Values{"action": {"return"}}), http.StatusBadRequest)
	mustContain(t, "refused return", body, "请填写退回意见", `id="outgoing-error"`)
	e.act(zhuren, doc, url.Values{"action": {"return"}, "text": {"请在工作要求中写明报送方式。"}})

	// The drafter revises: version 2, the change visible on the page.
	body = readBody(e.get(liting, doc))
	mustContain(t, "returned draft", body, "起草中", "办公室审核退回修改：", "请在工作要求中写明报送方式。", "修改文稿")
	form := draftForm(t, e)
	form.Set("body", strings.Replace(form.Get("body"), "请于5月20日前报送检查情况。", "请于5月20日前将检查情况报送县政府办公室（电子邮件）。", 1))
	form.Set("reason", "按审核意见写明报送方式")
	resp = e.postForm(liting, doc+"/edit", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != doc {
		t.Fatalf("edit: %d %.1500s", resp.StatusCode, readBody(resp))
	}
	resp.Body.Close()
	body = readBody(e.get(liting, doc))
	mustContain(t, "second version", body, "已保存修改，形成第2稿", "第2稿", "按审核意见写明报送方式", "查看修改痕迹",
		`class="og-diff"`, "<del>报送</del>", "<ins>报送县政府办公室（电子邮件）</ins>", `class="og-plus">+`, `class="og-minus">−`)

	// Round two: 核稿 without 会签, 审核 with the five points, 签发 by the 县长.
	e.act(liting, doc, url.Values{"action": {"submit"}})
	e.act(zhangwei, doc, url.Values{"action": {"check"}, "to": {zhurenID}})
	review := url.Values{"action": {"review"}, fmt.Sprintf("signer_%d", office): {fmt.Sprint(xianzhangID)}}
	for i := range zhongshu.ReviewItems {
		review.Set(fmt.Sprintf("check_%d", i), "1")
	}
	review.Set("comment_3", "格式规范。")
	e.act(zhuren, doc, review)
	xianzhang := e.login("xianzhang")
	body = readBody(e.get(xianzhang, doc))
	mustContain(t, "签发 page", body, "待签发", "下一步：签发", "og-sign-form", "圈阅（视为同意）", `data-og-fill="同意印发。"`, "格式规范。")
	e.act(xianzhang, doc, url.Values{"action": {"sign"}, "text": {"同意印发。"}})

	// The 文书 registers it: the number, the PDF and its signature.
	wenshu := e.login("wenshu")
	body = readBody(e.get(wenshu, doc))
	mustContain(t, "复核 page", body, "复核", "登记编号并生成版式文件", `value="40"`, "同意印发。", "何建平")
	e.act(wenshu, doc, url.Values{"action": {"register"}, "copies": {"40"}})
	number := fmt.Sprintf("青政办发〔%d〕1号", year)
	body = readBody(e.get(wenshu, doc))
	mustContain(t, "registered", body, "已登记编号 "+number, `<span id="outgoing-number">`+number+`</span>`, "下载版式文件（PDF）",
		"下载签名文件（.sig）", `id="outgoing-sm3"`, "下一步：核发", "重新生成版式文件")
	resp = e.get(wenshu, doc+"/rendition")
	pdf := readBody(resp)
	if resp.StatusCode != 200 || !strings.HasPrefix(pdf, "%PDF") || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("rendition: %d %q %.20q", resp.StatusCode, resp.Header.Get("Content-Type"), pdf)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "filename*=utf-8''") {
		t.Errorf("rendition Content-Disposition %q", cd)
	}
	resp = e.get(wenshu, doc+"/rendition.sig")
	sig := readBody(resp)
	if resp.StatusCode != 200 || !json.Valid([]byte(sig)) || !strings.Contains(resp.Header.Get("Content-Disposition"), ".pdf.sig") {
		t.Fatalf("signature: %d %q %.200s", resp.StatusCode, resp.Header.Get("Content-Disposition"), sig)
	}

	// 核发 delivers it to 县财政局 inside Zhongshu, awaiting its 签收回执.
	e.act(wenshu, doc, url.Values{"action": {"dispatch"}})
	body = readBody(e.get(wenshu, doc))
	mustContain(t, "dispatched", body, "已核发", "分发与签收回执", "县财政局", "未签收", "1 个未签收")
	det, err := e.app.FindOutgoingDoc(ctx, e.actor("wenshu"), mustID(t, id))
	if err != nil || len(det.Deliveries) != 1 {
		t.Fatalf("deliveries: %v %+v", err, det)
	}
	in := app.IncomingURL(det.Deliveries[0].IncomingID)
	czj := e.login("czj.lly")
	body = readBody(e.get(czj, in))
	mustContain(t, "the recipient's 收文", body, "青川县人民政府办公室关于开展汛前安全大检查的通知", number, "下一步：签收")
	resp = e.postForm(czj, in+"/act", url.Values{"action": {string(incoming.Sign)}})
	mustStatus(t, "签收", resp, http.StatusSeeOther)
	body = readBody(e.get(wenshu, doc))
	mustContain(t, "receipt", body, "均已签收", "已签收", e.actor("czj.lly").User.Name, "签收回执")
	tl := body[strings.Index(body, `id="outgoing-timeline"`):]
	for _, label := range []string{"起草", "送核稿", "核稿通过", "会签同意", "退回修改", "修改文稿", "审核通过", "签发", "登记编号",
		"生成版式文件", "核发", "签收回执"} {
		if !strings.Contains(tl, "</strong> "+label) {
			t.Errorf("timeline lacks %q", label)
		}
	}

	// Someone with no part in it learns nothing of it.
	stranger := e.login("chengguan.lly")
	for _, path := range []string{doc, doc + "/edit", doc + "/rendition", doc + "/rendition.sig"} {
		if resp := e.get(stranger, path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s by a stranger: %d, want 404", path, resp.StatusCode)
		} else if b := readBody(resp); strings.Contains(b, "汛前安全大检查") {
			t.Errorf("GET %s by a stranger shows the title", path)
		}
	}
	for _, path := range []string{doc + "/act", doc + "/edit"} {
		if resp := e.postForm(stranger, path, url.Values{"action": {"archive"}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s by a stranger: %d, want 404", path, resp.StatusCode)
		}
	}
	if body := readBody(e.get(stranger, "/outgoing")); strings.Contains(body, "汛前安全大检查") {
		t.Error("a stranger's list shows the document")
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscan(s, &id); err != nil {
		t.Fatalf("id %q: %v", s, err)
	}
	return id
}

func TestPages_OutgoingListExport(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	office := unitByName(t, e, "县政府办")
	for i := range 3 {
		d := &zhongshu.OutgoingDoc{Kind: zhongshu.KindLetter, Issuers: []zhongshu.Issuer{{UnitID: office}},
			Title:  fmt.Sprintf("青川县人民政府办公室关于商请支持第%d项工作的函", i+1),
			MainTo: []zhongshu.Recipient{{Name: "青川县人民武装部"}}, Body: "商请事项。",
			Disclosure: zhongshu.DisclosureOnRequest, DisclosureReason: "内部工作"}
		if _, _, err := e.app.CreateOutgoing(ctx, e.actor("ranjun"), d); err != nil {
			t.Fatal(err)
		}
	}
	c := e.login("ranjun")
	body := readBody(e.get(c, "/outgoing?tab=mine"))
	mustContain(t, "mine", body, `共 <strong class="count">3</strong> 件`, "关于商请支持第1项工作的函", "函", "秘书科", "冉俊",
		"起草中", "badge-grey", "未编号", `href="/outgoing/export?tab=mine"`, `href="/outgoing/new"`)
	body = readBody(e.get(c, "/outgoing?tab=mine&q="+url.QueryEscape("第2项")))
	mustContain(t, "filtered", body, `共 <strong class="count">1</strong> 件`, "（已筛选）", "第2项")
	if resp := e.get(c, "/outgoing?kind=memo"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad kind filter: %d", resp.StatusCode)
	}
	body = readBody(e.get(c, "/outgoing?tab=todo"))
	mustContain(t, "todo", body, "目前没有待您处理的发文")
	// The 县长 finds the document he is to sign under 待我处理.
	seedOutgoing(t, e, "青川县人民政府办公室关于待签发事项的通知", zhongshu.OutgoingSigning)
	body = readBody(e.get(e.login("xianzhang"), "/outgoing?tab=todo"))
	mustContain(t, "county head's todo", body, "关于待签发事项的通知", "签发", `id="outgoing-todo"`, `待我处理<span class="badge badge-blue">1</span>`)

	resp := e.get(c, "/outgoing/export?tab=mine&kind=letter")
	data := readBody(resp)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "filename*=UTF-8''") {
		t.Fatalf("export: %d %v", resp.StatusCode, resp.Header)
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(data)))
	if err != nil {
		t.Fatalf("open export: %v", err)
	}
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"发文字号", "标题", "文种", "发文机关", "签发人", "签发日期", "拟稿单位", "拟稿人", "主送", "抄送", "紧急程度",
		"公开属性", "印制份数", "核发日期", "状态", "归档号"}
	if len(rows) != 4 {
		t.Fatalf("export has %d rows, want the header and 3", len(rows))
	}
	if diff := cmp.Diff(want, rows[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if !strings.Contains(strings.Join(rows[1], "|"), "青川县人民武装部") {
		t.Errorf("row 1 = %v", rows[1])
	}
}
