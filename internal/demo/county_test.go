package demo

import (
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ids maps the dataset's unit keys and usernames to fake ids 1..n.
func ids(d Dataset) (units, people map[string]int64) {
	units = map[string]int64{}
	for i, u := range d.Units {
		units[u.Key] = int64(i + 1)
	}
	people = map[string]int64{}
	for i, p := range d.People {
		people[p.Username] = int64(i + 1)
	}
	return units, people
}

func unitsByKey(d Dataset) map[string]UnitSpec {
	m := map[string]UnitSpec{}
	for _, u := range d.Units {
		m[u.Key] = u
	}
	return m
}

func peopleByUsername(d Dataset) map[string]PersonSpec {
	m := map[string]PersonSpec{}
	for _, p := range d.People {
		m[p.Username] = p
	}
	return m
}

func hasPostIn(p PersonSpec, unitKey string) bool {
	return slices.ContainsFunc(p.Posts, func(post PostSpec) bool { return post.UnitKey == unitKey })
}

func primaryUnit(p PersonSpec) string {
	for _, post := range p.Posts {
		if post.Primary {
			return post.UnitKey
		}
	}
	return ""
}

func TestNames(t *testing.T) {
	d := County()
	if d.CountyName != "青川县" || d.OfficeName != "青川县人民政府办公室" {
		t.Errorf("names = %q, %q", d.CountyName, d.OfficeName)
	}
}

func TestEveryUnitType(t *testing.T) {
	count := map[zhongshu.UnitType]int{}
	for _, u := range County().Units {
		if !u.Type.Valid() {
			t.Errorf("unit %s: invalid type %q", u.Key, u.Type)
		}
		count[u.Type]++
	}
	for _, typ := range zhongshu.AllUnitTypes() {
		if count[typ] == 0 {
			t.Errorf("no unit of type %s", typ)
		}
	}
	tests := []struct {
		typ      zhongshu.UnitType
		min, max int
	}{
		{zhongshu.UnitCountyGov, 1, 1},
		{zhongshu.UnitGovOffice, 1, 1},
		{zhongshu.UnitSection, 8, 8},
		{zhongshu.UnitPeerOffice, 3, 3},
		{zhongshu.UnitDepartment, 22, 30},
		{zhongshu.UnitTown, 10, 14},
		{zhongshu.UnitHigherOrgan, 3, 3},
		{zhongshu.UnitOther, 2, 2},
	}
	for _, tt := range tests {
		if n := count[tt.typ]; n < tt.min || n > tt.max {
			t.Errorf("%d units of type %s, want %d..%d", n, tt.typ, tt.min, tt.max)
		}
	}
}

func TestFixedUnits(t *testing.T) {
	units := unitsByKey(County())
	type fixed struct {
		Parent   string
		Type     zhongshu.UnitType
		FullName string
		Short    string
		DocCode  string
		External bool
	}
	tests := map[string]fixed{
		"gov":     {"", zhongshu.UnitCountyGov, "青川县人民政府", "县政府", "青政", false},
		"gzb":     {"gov", zhongshu.UnitGovOffice, "青川县人民政府办公室", "县政府办", "青政办", false},
		"xwb":     {"", zhongshu.UnitPeerOffice, "中共青川县委办公室", "县委办", "青委办", true},
		"rdb":     {"", zhongshu.UnitPeerOffice, "青川县人大常委会办公室", "县人大办", "青人大办", true},
		"zxb":     {"", zhongshu.UnitPeerOffice, "青川县政协办公室", "县政协办", "青政协办", true},
		"fgj":     {"gov", zhongshu.UnitDepartment, "青川县发展和改革局", "县发改局", "青发改", false},
		"czj":     {"gov", zhongshu.UnitDepartment, "青川县财政局", "县财政局", "青财", false},
		"wjw":     {"gov", zhongshu.UnitDepartment, "青川县卫生健康委员会", "县卫健委", "青卫健", false},
		"sjuj":    {"gov", zhongshu.UnitDepartment, "青川县数据局", "县数据局", "青数据", false},
		"qingxi":  {"gov", zhongshu.UnitTown, "青川县青溪镇人民政府", "青溪镇", "青溪府", false},
		"gysf":    {"", zhongshu.UnitHigherOrgan, "广元市人民政府", "市政府", "广府", true},
		"gysfb":   {"", zhongshu.UnitHigherOrgan, "广元市人民政府办公室", "市政府办", "广府办", true},
		"scsfbt":  {"", zhongshu.UnitHigherOrgan, "四川省人民政府办公厅", "省政府办公厅", "川办", true},
		"fy":      {"", zhongshu.UnitOther, "青川县人民法院", "县法院", "青法", true},
		"jcy":     {"", zhongshu.UnitOther, "青川县人民检察院", "县检察院", "青检", true},
		"gzb.dcs": {"gzb", zhongshu.UnitSection, "督查室", "督查室", "", false},
	}
	for key, want := range tests {
		u, ok := units[key]
		if !ok {
			t.Errorf("unit %s missing", key)
			continue
		}
		got := fixed{u.ParentKey, u.Type, u.FullName, u.ShortName, u.DocCode, u.External}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("unit %s (-want +got):\n%s", key, diff)
		}
	}
}

func TestExternalByType(t *testing.T) {
	external := map[zhongshu.UnitType]bool{zhongshu.UnitPeerOffice: true, zhongshu.UnitHigherOrgan: true, zhongshu.UnitOther: true}
	for _, u := range County().Units {
		if u.External != external[u.Type] {
			t.Errorf("unit %s (%s): External = %v", u.Key, u.Type, u.External)
		}
		if u.External && u.ParentKey != "" {
			t.Errorf("external unit %s has parent %s, want a root", u.Key, u.ParentKey)
		}
		if (u.Type == zhongshu.UnitDepartment || u.Type == zhongshu.UnitTown) && u.ParentKey != "gov" {
			t.Errorf("unit %s: parent %q, want gov", u.Key, u.ParentKey)
		}
	}
}

func TestOfficeSections(t *testing.T) {
	var got []string
	for _, u := range County().Units {
		if u.ParentKey == "gzb" && u.Type == zhongshu.UnitSection {
			got = append(got, u.FullName)
		}
	}
	want := []string{"秘书科", "综合科", "文电科", "督查室", "信息科", "接待办", "总值班室", "行政科"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sections of the office (-want +got):\n%s", diff)
	}
}

var keyRE = regexp.MustCompile(`^[a-z][a-z0-9.]*$`)

func TestUnitKeysAndParents(t *testing.T) {
	d := County()
	unitIDs, _ := ids(d)
	seen := map[string]bool{}
	sortOrders := map[int]bool{}
	for _, u := range d.Units {
		if !keyRE.MatchString(u.Key) {
			t.Errorf("unit key %q is not a plain ASCII key", u.Key)
		}
		if seen[u.Key] {
			t.Errorf("unit key %s repeated", u.Key)
		}
		if u.ParentKey != "" && !seen[u.ParentKey] {
			t.Errorf("unit %s: parent %q is not an earlier unit", u.Key, u.ParentKey)
		}
		seen[u.Key] = true
		if sortOrders[u.SortOrder] {
			t.Errorf("unit %s: sort order %d repeated", u.Key, u.SortOrder)
		}
		sortOrders[u.SortOrder] = true
		unit := &zhongshu.Unit{
			ID: unitIDs[u.Key], ParentID: unitIDs[u.ParentKey], Type: u.Type,
			FullName: u.FullName, ShortName: u.ShortName, DocCode: u.DocCode,
			IsExternal: u.External, SortOrder: u.SortOrder, Active: true,
		}
		if err := unit.Validate(); err != nil {
			t.Errorf("unit %s: %v", u.Key, err)
		}
	}
}

func TestUnitNamesUnique(t *testing.T) {
	full, short := map[string]bool{}, map[string]bool{}
	for _, u := range County().Units {
		if full[u.FullName] {
			t.Errorf("full name %s repeated", u.FullName)
		}
		full[u.FullName] = true
		if short[u.ShortName] {
			t.Errorf("short name %s repeated", u.ShortName)
		}
		short[u.ShortName] = true
	}
}

func TestPeopleCount(t *testing.T) {
	if n := len(County().People); n < 140 || n > 170 {
		t.Errorf("%d people, want 140..170", n)
	}
}

var (
	phoneRE = regexp.MustCompile(`^1390839[0-9]{4}$`)
	nameRE  = regexp.MustCompile(`^\p{Han}{2,4}$`)
)

func TestPeopleUnique(t *testing.T) {
	usernames, names, phones := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, p := range County().People {
		if usernames[p.Username] {
			t.Errorf("username %s repeated", p.Username)
		}
		usernames[p.Username] = true
		if names[p.Name] {
			t.Errorf("name %s repeated", p.Name)
		}
		names[p.Name] = true
		if phones[p.Phone] {
			t.Errorf("phone %s repeated", p.Phone)
		}
		phones[p.Phone] = true
		if !nameRE.MatchString(p.Name) {
			t.Errorf("%s: name %q is not 2–4 Chinese characters", p.Username, p.Name)
		}
		if !phoneRE.MatchString(p.Phone) {
			t.Errorf("%s: phone %q", p.Username, p.Phone)
		}
	}
}

func TestPeopleValidate(t *testing.T) {
	d := County()
	unitIDs, userIDs := ids(d)
	for _, p := range d.People {
		u := &zhongshu.User{
			ID: userIDs[p.Username], Username: p.Username, Name: p.Name, Phone: p.Phone,
			ABPartner: userIDs[p.ABPartner], Roles: p.Roles,
		}
		if len(p.Posts) == 0 {
			t.Errorf("%s has no post", p.Username)
		}
		if len(p.Roles) == 0 {
			t.Errorf("%s has no role", p.Username)
		}
		for _, post := range p.Posts {
			id, ok := unitIDs[post.UnitKey]
			if !ok {
				t.Errorf("%s: post in unknown unit %q", p.Username, post.UnitKey)
			}
			if post.Title == "" {
				t.Errorf("%s: post in %s has no title", p.Username, post.UnitKey)
			}
			u.Posts = append(u.Posts, zhongshu.Post{UnitID: id, Title: post.Title, Primary: post.Primary})
		}
		if err := u.Validate(); err != nil {
			t.Errorf("%s: %v", p.Username, err)
		}
		if p.Username != u.Username || p.Name != u.Name || p.Phone != u.Phone {
			t.Errorf("%s: fields not trimmed", p.Username)
		}
	}
}

func TestABPartners(t *testing.T) {
	d := County()
	people := peopleByUsername(d)
	pairs := 0
	for _, p := range d.People {
		if p.ABPartner == "" {
			if slices.ContainsFunc(p.Roles, zhongshu.Role.IsLeader) {
				t.Errorf("leader %s has no AB角", p.Username)
			}
			continue
		}
		q, ok := people[p.ABPartner]
		switch {
		case !ok:
			t.Errorf("%s: AB角 %s does not exist", p.Username, p.ABPartner)
		case q.ABPartner != p.Username:
			t.Errorf("%s ↔ %s is not symmetric (%s → %s)", p.Username, q.Username, q.Username, q.ABPartner)
		case p.ABPartner == p.Username:
			t.Errorf("%s is their own AB角", p.Username)
		}
		pairs++
	}
	if pairs != 6 {
		t.Errorf("%d people with AB角, want 6", pairs)
	}
	if got := people["xianzhang"].ABPartner; people[got].Roles[0] != zhongshu.RoleExecDeputyHead {
		t.Errorf("县长's AB角 is %s, want the 常务副县长", got)
	}
}

func TestLeaders(t *testing.T) {
	count := map[zhongshu.Role]int{}
	for _, p := range County().People {
		for _, r := range p.Roles {
			if r.IsLeader() {
				count[r]++
				if primaryUnit(p) != "gov" {
					t.Errorf("leader %s: primary post in %s, want gov", p.Username, primaryUnit(p))
				}
			}
		}
	}
	want := map[zhongshu.Role]int{zhongshu.RoleCountyHead: 1, zhongshu.RoleExecDeputyHead: 1, zhongshu.RoleDeputyHead: 4}
	if diff := cmp.Diff(want, count); diff != "" {
		t.Errorf("leaders (-want +got):\n%s", diff)
	}
}

func TestOfficeLeadership(t *testing.T) {
	var directors, deputies int
	for _, p := range County().People {
		if slices.Contains(p.Roles, zhongshu.RoleOfficeDirector) {
			directors++
		}
		if slices.Contains(p.Roles, zhongshu.RoleOfficeDeputy) {
			deputies++
		}
	}
	if directors != 1 || deputies < 2 || deputies > 3 {
		t.Errorf("%d directors and %d deputies, want 1 and 2..3", directors, deputies)
	}
	chen := peopleByUsername(County())["chenlixin"]
	if len(chen.Posts) != 2 || !hasPostIn(chen, "gzb") || !hasPostIn(chen, "gzb.dcs") {
		t.Errorf("陈立新 posts = %+v, want 副主任 and 督查室主任", chen.Posts)
	}
}

func TestSectionStaff(t *testing.T) {
	tests := []struct {
		section   string
		role      zhongshu.Role // every 科员 holds it; "" for none
		roleCount int           // how many of the section's people hold role
	}{
		{"gzb.msk", "", 0},
		{"gzb.zhk", "", 0},
		{"gzb.wdk", zhongshu.RoleRegistrar, 2},
		{"gzb.dcs", zhongshu.RoleSupervisor, 5},
		{"gzb.xxk", zhongshu.RoleInfoEditor, 5},
		{"gzb.jdb", "", 0},
		{"gzb.zbs", zhongshu.RoleDutyOfficer, 5},
		{"gzb.xzk", "", 0},
	}
	d := County()
	for _, tt := range tests {
		t.Run(tt.section, func(t *testing.T) {
			var chiefs, clerks, holders int
			for _, p := range d.People {
				if !hasPostIn(p, tt.section) {
					continue
				}
				if slices.Contains(p.Roles, zhongshu.RoleSectionChief) {
					chiefs++
				}
				if slices.Contains(p.Roles, zhongshu.RoleClerk) && primaryUnit(p) == tt.section {
					clerks++
					if tt.role == zhongshu.RoleSupervisor || tt.role == zhongshu.RoleInfoEditor || tt.role == zhongshu.RoleDutyOfficer {
						if !slices.Contains(p.Roles, tt.role) {
							t.Errorf("%s does not hold %s", p.Username, tt.role)
						}
					}
				}
				if tt.role != "" && slices.Contains(p.Roles, tt.role) {
					holders++
				}
			}
			if chiefs != 1 {
				t.Errorf("%d section chiefs, want 1", chiefs)
			}
			if clerks < 2 || clerks > 4 {
				t.Errorf("%d clerks, want 2..4", clerks)
			}
			if holders != tt.roleCount {
				t.Errorf("%d hold %s, want %d", holders, tt.role, tt.roleCount)
			}
		})
	}
}

func TestAdmins(t *testing.T) {
	tests := []struct {
		username string
		role     zhongshu.Role
	}{
		{"sysadmin", zhongshu.RoleSysAdmin},
		{"secadmin", zhongshu.RoleSecAdmin},
		{"auditadmin", zhongshu.RoleAuditAdmin},
	}
	d := County()
	people := peopleByUsername(d)
	for _, tt := range tests {
		p := people[tt.username]
		if diff := cmp.Diff([]zhongshu.Role{tt.role}, p.Roles); diff != "" {
			t.Errorf("%s roles (-want +got):\n%s", tt.username, diff)
		}
		if u := primaryUnit(p); u != "gzb.xzk" && u != "gzb.xxk" {
			t.Errorf("%s: post in %q, want 行政科 or 信息科", tt.username, u)
		}
		holders := 0
		for _, q := range d.People {
			if slices.Contains(q.Roles, tt.role) {
				holders++
			}
		}
		if holders != 1 {
			t.Errorf("%d people hold %s, want 1", holders, tt.role)
		}
	}
	for _, p := range d.People {
		if err := zhongshu.CheckAdminSeparation(p.Roles); err != nil {
			t.Errorf("%s: %v", p.Username, err)
		}
	}
}

func TestAccounts(t *testing.T) {
	tests := []struct {
		username string
		role     zhongshu.Role
		unit     string // unit key of the primary post
	}{
		{"wenshu", zhongshu.RoleRegistrar, "gzb.wdk"},
		{"duchayuan", zhongshu.RoleSupervisor, "gzb.dcs"},
		{"xinxi", zhongshu.RoleInfoEditor, "gzb.xxk"},
		{"zhiban", zhongshu.RoleDutyOfficer, "gzb.zbs"},
		{"zhuren", zhongshu.RoleOfficeDirector, "gzb"},
		{"xianzhang", zhongshu.RoleCountyHead, "gov"},
		{"fuxianzhang", zhongshu.RoleDeputyHead, "gov"},
		{"fgj.lly", zhongshu.RoleUnitLiaison, "fgj"},
		{"chengguan.lly", zhongshu.RoleUnitLiaison, "chengguan"},
		{"sysadmin", zhongshu.RoleSysAdmin, "gzb.xxk"},
		{"secadmin", zhongshu.RoleSecAdmin, "gzb.xzk"},
		{"auditadmin", zhongshu.RoleAuditAdmin, "gzb.xzk"},
	}
	accounts := Accounts()
	var got []string
	for _, a := range accounts {
		got = append(got, a.Username)
	}
	var want []string
	for _, tt := range tests {
		want = append(want, tt.username)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Accounts() usernames (-want +got):\n%s", diff)
	}

	people := peopleByUsername(County())
	for i, tt := range tests {
		t.Run(tt.username, func(t *testing.T) {
			p, ok := people[tt.username]
			if !ok {
				t.Fatalf("no person %s", tt.username)
			}
			if !slices.Contains(p.Roles, tt.role) {
				t.Errorf("roles %v, want %s", p.Roles, tt.role)
			}
			if u := primaryUnit(p); u != tt.unit {
				t.Errorf("primary unit %s, want %s", u, tt.unit)
			}
			if i < len(accounts) {
				if a := accounts[i]; a.Name != p.Name || a.Description == "" {
					t.Errorf("account = %+v, want name %s and a description", a, p.Name)
				}
			}
		})
	}
}

func TestContacts(t *testing.T) {
	d := County()
	people := peopleByUsername(d)
	for _, u := range d.Units {
		contacts := []struct{ kind, username string }{
			{"liaison", u.Liaison}, {"info officer", u.InfoOfficer}, {"supervision liaison", u.SupervisionLiaison},
		}
		for _, c := range contacts {
			if c.username == "" {
				if u.Type == zhongshu.UnitDepartment || u.Type == zhongshu.UnitTown {
					t.Errorf("unit %s has no %s", u.Key, c.kind)
				}
				continue
			}
			p, ok := people[c.username]
			if !ok {
				t.Errorf("unit %s: %s %s does not exist", u.Key, c.kind, c.username)
				continue
			}
			if !hasPostIn(p, u.Key) {
				t.Errorf("unit %s: %s %s has no post there", u.Key, c.kind, c.username)
			}
			if !slices.Contains(p.Roles, zhongshu.RoleUnitLiaison) {
				t.Errorf("unit %s: %s %s is not a unit liaison", u.Key, c.kind, c.username)
			}
			if c.kind == "info officer" && !slices.Contains(p.Roles, zhongshu.RoleInfoOfficer) {
				t.Errorf("unit %s: info officer %s lacks the info_officer role", u.Key, c.username)
			}
		}
	}
}

func TestDepartmentPrincipals(t *testing.T) {
	d := County()
	units := unitsByKey(d)
	principals := 0
	for _, p := range d.People {
		if u := units[primaryUnit(p)]; u.Type == zhongshu.UnitDepartment && p.Posts[0].Title == "局长" {
			principals++
			if diff := cmp.Diff([]zhongshu.Role{zhongshu.RoleClerk}, p.Roles); diff != "" {
				t.Errorf("principal %s roles (-want +got):\n%s", p.Username, diff)
			}
		}
	}
	if principals < 8 {
		t.Errorf("%d department principals, want at least 8", principals)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := County(), County()
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("County() differs between calls (-first +second):\n%s", diff)
	}
	// Callers may modify what they get without affecting later calls.
	a.People[0].Roles[0] = zhongshu.RoleClerk
	a.People[0].Posts[0].Title = "changed"
	a.Units[0].FullName = "changed"
	if diff := cmp.Diff(b, County()); diff != "" {
		t.Errorf("County() shares data between calls (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Accounts(), Accounts()); diff != "" {
		t.Errorf("Accounts() differs between calls:\n%s", diff)
	}
}
