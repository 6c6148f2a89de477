package zhongshu

import (
	"strings"
	"time"
	"unicode/utf8"
)

// UnitType classifies a unit (DOMAIN.md §1.1).
type UnitType string

// Unit types.
const (
	UnitCountyGov   UnitType = "county_gov"   // 县人民政府
	UnitGovOffice   UnitType = "gov_office"   // 县政府办公室
	UnitSection     UnitType = "section"      // 办公室内设科室
	UnitPeerOffice  UnitType = "peer_office"  // 县委办、人大办、政协办
	UnitDepartment  UnitType = "department"   // 县政府组成部门/直属机构
	UnitTown        UnitType = "town"         // 乡镇/街道
	UnitHigherOrgan UnitType = "higher_organ" // 上级机关
	UnitOther       UnitType = "other"        // 其他
)

var unitTypeOrder = []UnitType{UnitCountyGov, UnitGovOffice, UnitSection, UnitPeerOffice, UnitDepartment, UnitTown, UnitHigherOrgan, UnitOther}

var unitTypeLabels = map[UnitType]string{
	UnitCountyGov: "县人民政府", UnitGovOffice: "县政府办公室", UnitSection: "办公室内设科室",
	UnitPeerOffice: "平行办公室", UnitDepartment: "县政府部门", UnitTown: "乡镇/街道",
	UnitHigherOrgan: "上级机关", UnitOther: "其他单位",
}

// AllUnitTypes returns every unit type in display order.
func AllUnitTypes() []UnitType { return append([]UnitType(nil), unitTypeOrder...) }

// Label is the type's Chinese name.
func (t UnitType) Label() string {
	if l, ok := unitTypeLabels[t]; ok {
		return l
	}
	return string(t)
}

// Valid reports whether t is a known unit type.
func (t UnitType) Valid() bool { _, ok := unitTypeLabels[t]; return ok }

// ParseUnitType accepts a code or a Chinese label, as found in import files.
func ParseUnitType(s string) (UnitType, bool) {
	s = strings.TrimSpace(s)
	if UnitType(s).Valid() {
		return UnitType(s), true
	}
	for t, l := range unitTypeLabels {
		if l == s {
			return t, true
		}
	}
	switch s {
	case "科室", "内设科室":
		return UnitSection, true
	case "部门", "县直部门", "直属机构":
		return UnitDepartment, true
	case "乡镇", "街道":
		return UnitTown, true
	}
	return "", false
}

// Unit is an organisation the office works with, its own sections included.
type Unit struct {
	ID         int64
	ParentID   int64 // 0 for a root
	Type       UnitType
	FullName   string // 全称
	ShortName  string // 规范化简称
	DocCode    string // 机关代字, e.g. 县政办
	IsExternal bool
	SortOrder  int
	Active     bool
	// Contacts (§1.1): the unit's liaison, information officer and
	// supervision liaison; 0 when unset.
	LiaisonID            int64
	InfoOfficerID        int64
	SupervisionLiaisonID int64
	InfoCategory         string // 信息考核类别
	CreatedAt, UpdatedAt time.Time
}

// Name returns the short name when set, otherwise the full name.
func (u *Unit) Name() string {
	if u.ShortName != "" {
		return u.ShortName
	}
	return u.FullName
}

// Validate checks the unit's own fields.
func (u *Unit) Validate() error {
	var p Problems
	u.FullName = strings.TrimSpace(u.FullName)
	u.ShortName = strings.TrimSpace(u.ShortName)
	u.DocCode = strings.TrimSpace(u.DocCode)
	switch n := utf8.RuneCountInString(u.FullName); {
	case n == 0:
		p.Add("full_name", "请填写单位全称")
	case n > 60:
		p.Add("full_name", "单位全称不能超过60个字")
	}
	if utf8.RuneCountInString(u.ShortName) > 20 {
		p.Add("short_name", "简称不能超过20个字")
	}
	if utf8.RuneCountInString(u.DocCode) > 20 {
		p.Add("doc_code", "机关代字不能超过20个字")
	}
	if !u.Type.Valid() {
		p.Add("type", "请选择单位类型")
	}
	if u.Type == UnitSection && u.ParentID == 0 {
		p.Add("parent_id", "内设科室必须选择上级单位")
	}
	if u.ID != 0 && u.ParentID == u.ID {
		p.Add("parent_id", "上级单位不能是本单位")
	}
	return p.Err()
}

// UnitFilter selects units. Nil fields are not filtered on.
type UnitFilter struct {
	Type     *UnitType
	ParentID *int64
	Query    string // part of the full or short name
	Active   *bool
	Offset   int
	Limit    int
}
