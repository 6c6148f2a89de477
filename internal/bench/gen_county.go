package bench

import (
	"context"
	"fmt"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The generated county: 县政府 with its leaders, the 县政府办公室 with its
// sections (文电科 with the 文书, 督查室 with the 督查员), the peer offices,
// the higher organs that send documents, and departments, towns and other
// bodies up to the number of units asked for, each with a 联络员, a
// principal and staff up to the number of people asked for.

const countyName = "清河县"

var departmentNames = []struct{ full, short, code string }{
	{"发展和改革局", "县发改局", "清发改"}, {"经济信息化和科学技术局", "县经信科技局", "清经信"}, {"教育局", "县教育局", "清教"},
	{"公安局", "县公安局", "清公"}, {"民政局", "县民政局", "清民"}, {"司法局", "县司法局", "清司"},
	{"财政局", "县财政局", "清财"}, {"人力资源和社会保障局", "县人社局", "清人社"}, {"自然资源局", "县自然资源局", "清自然资"},
	{"生态环境局", "县生态环境局", "清环"}, {"住房和城乡建设局", "县住建局", "清住建"}, {"交通运输局", "县交通运输局", "清交"},
	{"水利局", "县水利局", "清水"}, {"农业农村局", "县农业农村局", "清农"}, {"商务局", "县商务局", "清商"},
	{"文化广播电视和旅游局", "县文广旅局", "清文旅"}, {"卫生健康局", "县卫健局", "清卫健"}, {"退役军人事务局", "县退役军人局", "清退役"},
	{"应急管理局", "县应急局", "清应急"}, {"审计局", "县审计局", "清审"}, {"统计局", "县统计局", "清统"},
	{"市场监督管理局", "县市场监管局", "清市监"}, {"医疗保障局", "县医保局", "清医保"}, {"林业局", "县林业局", "清林"},
	{"信访局", "县信访局", "清信访"}, {"行政审批局", "县行政审批局", "清审批"}, {"政务服务和大数据管理局", "县大数据局", "清数据"},
	{"机关事务服务中心", "县机关事务中心", "清机关"}, {"投资促进局", "县投促局", "清投促"}, {"乡村振兴局", "县乡村振兴局", "清振兴"},
	{"综合行政执法局", "县综合执法局", "清执法"}, {"国有资产监督管理局", "县国资局", "清国资"}, {"粮食和物资储备局", "县粮储局", "清粮"},
	{"供销合作社联合社", "县供销社", "清供销"}, {"档案馆", "县档案馆", "清档"}, {"地方志编纂中心", "县方志中心", "清志"},
	{"融媒体中心", "县融媒体中心", "清融媒"}, {"疾病预防控制中心", "县疾控中心", "清疾控"}, {"人民医院", "县人民医院", "清医"},
	{"中医医院", "县中医院", "清中医"}, {"妇幼保健院", "县妇幼保健院", "清妇幼"}, {"气象局", "县气象局", "清气"},
	{"税务局", "县税务局", "清税"}, {"公共资源交易中心", "县公共资源交易中心", "清交易"}, {"消防救援大队", "县消防救援大队", "清消"},
	{"城市管理局", "县城管局", "清城管"}, {"就业服务中心", "县就业中心", "清就业"}, {"社会保险事业管理局", "县社保局", "清社保"},
	{"经济开发区管理委员会", "县经开区管委会", "清经开"}, {"残疾人联合会", "县残联", "清残"},
}

var townFirst = []string{"青", "白", "黄", "红", "金", "石", "马", "龙", "凤", "东", "西", "南", "北", "高", "长", "沙", "竹", "桃", "柳", "杨"}
var townSecond = []string{"溪", "坪", "河", "坝", "山", "桥", "林", "园", "湾", "岭", "水", "庄", "阳", "泉", "川"}

var higherOrgans = []struct{ full, short, code string }{
	{"江州市人民政府", "市政府", "江府发"}, {"江州市人民政府办公室", "市政府办", "江府办发"},
	{"西川省人民政府办公厅", "省政府办公厅", "西川办发"}, {"江州市发展和改革委员会", "市发改委", "江发改"},
	{"江州市财政局", "市财政局", "江财"}, {"江州市应急管理局", "市应急局", "江应急"},
	{"江州市生态环境局", "市生态环境局", "江环"}, {"江州市教育局", "市教育局", "江教"},
	{"江州市卫生健康委员会", "市卫健委", "江卫健"}, {"江州市农业农村局", "市农业农村局", "江农"},
}

var sectionNames = []string{"秘书科", "综合科", "文电科", "督查室", "信息科", "接待办", "总值班室", "行政科"}

// county is what the rest of the generator needs to know of the county.
type county struct {
	gov, office      int64
	handling         []int64          // units that handle documents and items
	senders          []sender         // who sends 收文
	name             map[int64]string // unit → short name
	units            map[int64]*zhongshu.Unit
	liaison          map[int64]int64  // unit → 联络员
	leaders          []*zhongshu.User // [0] 县长, [1] 常务副县长, then 副县长
	director         *zhongshu.User
	deputies         []*zhongshu.User
	registrars       []*zhongshu.User
	supervisors      []*zhongshu.User
	users            []*zhongshu.User
	usersByID        map[int64]*zhongshu.User
	unitOf           map[int64]int64 // person → primary unit
	tokenHolders     []*zhongshu.User
	supervisionUnits []int64 // departments and towns: the units 督办 items go to
}

type sender struct {
	unitID int64
	name   string
	code   string
}

// buildCounty creates the units and people in two transactions: units one
// by one (300), people in bulk with the one password hash.
func (g *generator) buildCounty(ctx context.Context) (*county, error) {
	c := &county{name: map[int64]string{}, units: map[int64]*zhongshu.Unit{}, liaison: map[int64]int64{}, usersByID: map[int64]*zhongshu.User{},
		unitOf: map[int64]int64{}}
	type plannedUnit struct {
		u    *zhongshu.Unit
		kind string // "dept", "town", "other", "peer", "section", ...
		code string
	}
	var units []*plannedUnit
	add := func(typ zhongshu.UnitType, full, short, code, kind string, external bool) *plannedUnit {
		p := &plannedUnit{u: &zhongshu.Unit{Type: typ, FullName: full, ShortName: short, DocCode: code, IsExternal: external,
			SortOrder: len(units), Active: true}, kind: kind, code: code}
		units = append(units, p)
		return p
	}
	gov := add(zhongshu.UnitCountyGov, countyName+"人民政府", "县政府", "清府", "gov", false)
	office := add(zhongshu.UnitGovOffice, countyName+"人民政府办公室", "县政府办", "清府办", "office", false)
	var sections []*plannedUnit
	for _, s := range sectionNames {
		sections = append(sections, add(zhongshu.UnitSection, s, s, "", "section", false))
	}
	for _, p := range []struct{ full, short, code string }{
		{"中共" + countyName + "委员会办公室", "县委办", "清委办"}, {countyName + "人大常委会办公室", "县人大办", "清人大办"},
		{"政协" + countyName + "委员会办公室", "县政协办", "清政协办"},
	} {
		add(zhongshu.UnitPeerOffice, p.full, p.short, p.code, "peer", false)
	}
	for _, h := range higherOrgans {
		add(zhongshu.UnitHigherOrgan, h.full, h.short, h.code, "higher", true)
	}
	rest := g.opts.Units - len(units)
	for i := 0; i < len(departmentNames) && rest > 0; i, rest = i+1, rest-1 {
		d := departmentNames[i]
		add(zhongshu.UnitDepartment, countyName+d.full, d.short, d.code, "dept", false)
	}
	var towns []string
	for i := 0; i < 60 && rest > 0; i, rest = i+1, rest-1 {
		t := townFirst[i%len(townFirst)] + townSecond[(i*7+i/len(townFirst))%len(townSecond)]
		suffix := "镇"
		if i%4 == 3 {
			suffix = "乡"
		}
		towns = append(towns, t+suffix)
		add(zhongshu.UnitTown, countyName+t+suffix+"人民政府", t+suffix, "", "town", false)
	}
	for i := 0; rest > 0; i, rest = i+1, rest-1 {
		switch {
		case i < len(towns):
			add(zhongshu.UnitOther, countyName+towns[i]+"卫生院", towns[i]+"卫生院", "", "other", false)
		default:
			n := i - len(towns) + 1
			add(zhongshu.UnitOther, fmt.Sprintf("%s第%s学校", countyName, chineseNumber(n)),
				fmt.Sprintf("第%s学校", chineseNumber(n)), "", "other", false)
		}
	}
	err := g.db.Transact(ctx, func(tx *store.Tx) error {
		for _, p := range units {
			switch p.kind {
			case "office", "peer", "dept", "town", "other":
				p.u.ParentID = gov.u.ID
			case "section":
				p.u.ParentID = office.u.ID
			}
			if err := tx.CreateUnit(ctx, p.u); err != nil {
				return err
			}
			c.name[p.u.ID] = p.u.Name()
			c.units[p.u.ID] = p.u
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	c.gov, c.office = gov.u.ID, office.u.ID
	for _, p := range units {
		switch p.kind {
		case "peer", "dept", "town", "other":
			c.handling = append(c.handling, p.u.ID)
		}
		switch p.kind {
		case "dept", "town":
			c.supervisionUnits = append(c.supervisionUnits, p.u.ID)
		}
		switch p.kind {
		case "higher", "peer", "dept":
			c.senders = append(c.senders, sender{unitID: p.u.ID, name: p.u.FullName, code: p.code})
		case "town":
			c.senders = append(c.senders, sender{unitID: p.u.ID, name: p.u.FullName})
		}
	}

	// People.
	tg := g.text
	n := 0
	person := func(unit int64, username, title string, roles ...zhongshu.Role) *zhongshu.User {
		n++
		if username == "" {
			username = fmt.Sprintf("u%05d", n)
		}
		u := &zhongshu.User{Username: username, Name: tg.name(), Status: zhongshu.UserActive, Roles: roles,
			Posts: []zhongshu.Post{{UnitID: unit, Title: title, Primary: true}}}
		c.users = append(c.users, u)
		return u
	}
	for i := range 8 { // 县长, 常务副县长 and six 副县长
		title, role := "副县长", zhongshu.RoleDeputyHead
		switch i {
		case 0:
			title, role = "县长", zhongshu.RoleCountyHead
		case 1:
			title, role = "常务副县长", zhongshu.RoleExecDeputyHead
		}
		c.leaders = append(c.leaders, person(gov.u.ID, fmt.Sprintf("leader%02d", i+1), title, role))
	}
	c.director = person(office.u.ID, "director", "主任", zhongshu.RoleOfficeDirector)
	for i := range 3 {
		c.deputies = append(c.deputies, person(office.u.ID, fmt.Sprintf("deputy%02d", i+1), "副主任", zhongshu.RoleOfficeDeputy))
	}
	for _, s := range sections {
		switch s.u.FullName {
		case "文电科":
			person(s.u.ID, "", "科长", zhongshu.RoleSectionChief)
			for i := range 4 {
				c.registrars = append(c.registrars, person(s.u.ID, fmt.Sprintf("wenshu%02d", i+1), "文书", zhongshu.RoleClerk, zhongshu.RoleRegistrar))
			}
		case "督查室":
			person(s.u.ID, "", "主任", zhongshu.RoleSectionChief)
			for i := range 6 {
				c.supervisors = append(c.supervisors, person(s.u.ID, fmt.Sprintf("ducha%02d", i+1), "督查员", zhongshu.RoleClerk, zhongshu.RoleSupervisor))
			}
		default:
			person(s.u.ID, "", "科长", zhongshu.RoleSectionChief)
			person(s.u.ID, "", "科员", zhongshu.RoleClerk)
		}
	}
	liaisons := map[int64]*zhongshu.User{}
	for i, id := range c.handling {
		liaisons[id] = person(id, fmt.Sprintf("lly%03d", i+1), "联络员", zhongshu.RoleUnitLiaison, zhongshu.RoleInfoOfficer)
	}
	for _, id := range c.handling {
		if n >= g.opts.Users {
			break
		}
		person(id, "", "负责人", zhongshu.RoleClerk)
	}
	for i := 0; n < g.opts.Users; i++ { // staff, round robin over the units
		person(c.handling[i%len(c.handling)], "", "科员", zhongshu.RoleClerk)
	}
	err = g.db.Transact(ctx, func(tx *store.Tx) error {
		if err := tx.BulkCreateUsers(ctx, c.users, g.passwordHash); err != nil {
			return err
		}
		for _, p := range units {
			l := liaisons[p.u.ID]
			if l == nil {
				continue
			}
			p.u.LiaisonID, p.u.InfoOfficerID, p.u.SupervisionLiaisonID = l.ID, l.ID, l.ID
			if err := tx.UpdateUnit(ctx, p.u); err != nil {
				return err
			}
		}
		// 县长 and 常务副县长 stand in for each other (AB角).
		if err := tx.SetABPartner(ctx, c.leaders[0].ID, c.leaders[1].ID); err != nil {
			return err
		}
		return tx.SetABPartner(ctx, c.leaders[1].ID, c.leaders[0].ID)
	})
	if err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	for _, u := range c.users {
		c.usersByID[u.ID] = u
		c.unitOf[u.ID] = u.Posts[0].UnitID
	}
	for id, l := range liaisons {
		c.liaison[id] = l.ID
	}
	// Tokens for the load driver: everyone who acts in it.
	c.tokenHolders = append(c.tokenHolders, c.leaders...)
	c.tokenHolders = append(c.tokenHolders, c.director)
	c.tokenHolders = append(c.tokenHolders, c.deputies...)
	c.tokenHolders = append(c.tokenHolders, c.registrars...)
	c.tokenHolders = append(c.tokenHolders, c.supervisors...)
	for _, id := range c.handling {
		c.tokenHolders = append(c.tokenHolders, liaisons[id])
	}
	return c, nil
}

// chineseNumber writes 1–999 in Chinese numerals (一, 十二, 一百零五).
func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if n < 10 {
		return digits[n]
	}
	if n < 100 {
		s := ""
		if n/10 > 1 {
			s = digits[n/10]
		}
		s += "十"
		if n%10 != 0 {
			s += digits[n%10]
		}
		return s
	}
	s := digits[n/100] + "百"
	switch r := n % 100; {
	case r == 0:
	case r < 10:
		s += "零" + digits[r]
	default:
		t := chineseNumber(r)
		if r < 20 {
			t = "一" + t
		}
		s += t
	}
	return s
}
