// Package demo describes the demo county that `zhongshu serve --demo` loads.
//
// The county is 青川县 and the users' own office is 青川县人民政府办公室. The
// dataset is pure data: every call to County returns the same units and
// people, freshly allocated, so callers may modify what they get.
package demo

import (
	"fmt"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// UnitSpec is one unit; Key is a stable ASCII key used to refer to it within
// the dataset.
type UnitSpec struct {
	Key, ParentKey               string // ParentKey "" for a root
	Type                         zhongshu.UnitType
	FullName, ShortName, DocCode string
	External                     bool
	SortOrder                    int
	// Usernames of the unit's contacts (may be ""); each is a person in the
	// dataset.
	Liaison, InfoOfficer, SupervisionLiaison string
}

// PostSpec is one post (任职) of a person: the unit, by key, and the title.
// Exactly one of a person's posts is Primary.
type PostSpec struct {
	UnitKey, Title string
	Primary        bool
}

// PersonSpec is one person with an account.
type PersonSpec struct {
	Username, Name, Phone string
	Posts                 []PostSpec
	Roles                 []zhongshu.Role
	ABPartner             string // username of the AB角 partner, "" if none; pairs are symmetric
}

// Account is a demo account documented in the README.
type Account struct {
	Username, Name, Description string
}

// Dataset is the whole demo county: its units, parents before children, and
// its people.
type Dataset struct {
	CountyName, OfficeName string
	Units                  []UnitSpec
	People                 []PersonSpec
}

// Names of the demo county and of its government office.
const (
	countyName = "青川县"
	officeName = "青川县人民政府办公室"
)

// abPairs are the leaders' AB角 pairs (工作补位), by username.
var abPairs = [][2]string{
	{"xianzhang", "luozhiqiang"},     // 县长 ↔ 常务副县长
	{"fuxianzhang", "zhaomingliang"}, // 副县长 ↔ 副县长
	{"gouwenbin", "tangxiaomei"},     // 副县长 ↔ 副县长
}

// County returns the demo dataset. Units are ordered so that parents come
// before children; people are ordered leaders first, then the office, then
// departments, towns and external units. Phones are assigned in that order.
func County() Dataset {
	people := people()
	index := make(map[string]int, len(people))
	for i := range people {
		people[i].Phone = phone(i)
		index[people[i].Username] = i
	}
	for _, pair := range abPairs {
		people[index[pair[0]]].ABPartner = pair[1]
		people[index[pair[1]]].ABPartner = pair[0]
	}
	return Dataset{
		CountyName: countyName,
		OfficeName: officeName,
		Units:      units(),
		People:     people,
	}
}

// phone returns the deterministic mobile number of the i-th person.
func phone(i int) string { return fmt.Sprintf("1390839%04d", 1001+37*i) }

// accountRows are the documented demo accounts in README order.
var accountRows = []struct{ username, description string }{
	{"wenshu", "文电科 文书/机要员：收文签收、登记、分送、用印、归档"},
	{"duchayuan", "督查室 督查员：督办立项、交办、催办、审核办结"},
	{"xinxi", "信息科 信息编辑：信息初审、编辑、采用、计分"},
	{"zhiban", "总值班室 值班员：值班日志、突发事件接报"},
	{"zhuren", "县政府办公室 主任：核稿、签发、拟办审核"},
	{"xianzhang", "县长：批示、签发（AB角为常务副县长）"},
	{"fuxianzhang", "副县长：批示、交办督办（AB角为另一位副县长）"},
	{"fgj.lly", "县发改局 联络员/信息员：接收交办、报送反馈和信息"},
	{"chengguan.lly", "城关镇 联络员/信息员：接收交办、报送反馈和信息"},
	{"sysadmin", "系统管理员：单位、人员、任职和AB角维护"},
	{"secadmin", "安全管理员：角色授权、账号解锁、会话管理"},
	{"auditadmin", "审计管理员：查阅和导出审计日志"},
}

// Accounts returns the demo accounts the README lists, in that order, with
// the names of the people who hold them.
func Accounts() []Account {
	names := map[string]string{}
	for _, p := range people() {
		names[p.Username] = p.Name
	}
	out := make([]Account, 0, len(accountRows))
	for _, a := range accountRows {
		out = append(out, Account{Username: a.username, Name: names[a.username], Description: a.description})
	}
	return out
}
