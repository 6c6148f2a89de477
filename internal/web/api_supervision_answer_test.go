package web_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestAPI_SupervisionAnswersAsStored checks that what creating an item and
// acting on it answer — the item as the app saved it, without reading it
// again — is what reading the item back gives, field for field, through a
// lifecycle that touches every kind of field: assignments with a person and
// a 协办意见 deadline, milestones, an extension, 协办意见 and 办结.
func TestAPI_SupervisionAnswersAsStored(t *testing.T) {
	e := newEnv(t)
	fgj, czj := unitByName(t, e, "县发改局"), unitByName(t, e, "县财政局")
	cst := time.FixedZone("CST", 8*3600)
	day := func(n int) string {
		d, _ := e.app.DueIn(time.Now(), n)
		return d.In(cst).Add(-time.Nanosecond).Format("2006-01-02")
	}
	body := fmt.Sprintf(`{"title":"推进城区公共停车场建设","source":"meeting","source_ref":"县政府第12次常务会议议定事项第3项",
		"content":"年底前报送建设方案。","assignments":[{"unit_id":%d,"role":"lead"},{"unit_id":%d,"role":"co","co_input_due":%q}],
		"due_date":%q,"feedback_cycle":"milestone","milestones":[{"name":"完成选址","due":%q},{"name":"报送方案","due":%q}]}`,
		fgj, czj, day(5), day(20), day(8), day(15))
	type item = map[string]any
	type detail struct {
		Item item `json:"item"`
	}
	created := apiCall[item](t, e, "duchayuan", "POST", "/api/v1/supervision", body, 201)
	loc := fmt.Sprintf("/api/v1/supervision/%v", created["id"])
	if diff := cmp.Diff(apiCall[detail](t, e, "duchayuan", "GET", loc, "", 200).Item, created); diff != "" {
		t.Errorf("create answered other than stored (-read +answer):\n%s", diff)
	}
	steps := []struct{ who, body string }{
		{"duchayuan", `{"action":"submit"}`},
		{"fgj.lly", `{"action":"sign"}`},
		{"czj.lly", `{"action":"sign"}`},
		{"fgj.lly", `{"action":"report","milestone":1,"reason":"已完成选址。"}`},
		{"czj.lly", `{"action":"send_input","reason":"资金按年度预算安排。"}`},
		{"fgj.lly", fmt.Sprintf(`{"action":"request_extension","new_due":%q,"reason":"方案须征求意见。"}`, day(30))},
		{"duchayuan", `{"action":"approve_extension","reason":"同意。"}`},
		{"fgj.lly", `{"action":"request_completion","reason":"方案已报送。"}`},
		{"duchayuan", `{"action":"accept"}`},
	}
	for _, s := range steps {
		got := apiCall[item](t, e, s.who, "POST", loc+"/actions", s.body, 200)
		if diff := cmp.Diff(apiCall[detail](t, e, s.who, "GET", loc, "", 200).Item, got); diff != "" {
			t.Errorf("%s %s answered other than stored (-read +answer):\n%s", s.who, s.body, diff)
		}
	}
	if got := apiCall[detail](t, e, "duchayuan", "GET", loc, "", 200).Item["status"]; got != "leader_review" {
		t.Errorf("status after the lifecycle = %v, want leader_review", got)
	}
}
