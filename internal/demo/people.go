package demo

import "github.com/zhongshu-oa/zhongshu/internal/zhongshu"

// Short names for the roles, to keep the tables below readable.
const (
	countyHead     = zhongshu.RoleCountyHead
	execDeputyHead = zhongshu.RoleExecDeputyHead
	deputyHead     = zhongshu.RoleDeputyHead
	officeDirector = zhongshu.RoleOfficeDirector
	officeDeputy   = zhongshu.RoleOfficeDeputy
	sectionChief   = zhongshu.RoleSectionChief
	clerk          = zhongshu.RoleClerk
	registrar      = zhongshu.RoleRegistrar
	supervisor     = zhongshu.RoleSupervisor
	infoEditor     = zhongshu.RoleInfoEditor
	unitLiaison    = zhongshu.RoleUnitLiaison
	infoOfficer    = zhongshu.RoleInfoOfficer
	dutyOfficer    = zhongshu.RoleDutyOfficer
)

// staffRow is one person who holds a single post.
type staffRow struct {
	username, name, title string
	roles                 []zhongshu.Role
}

// at returns the people of rows, each with one primary post in unit. The
// role slices are copied so that every call returns fresh data.
func at(unit string, rows ...staffRow) []PersonSpec {
	out := make([]PersonSpec, 0, len(rows))
	for _, r := range rows {
		out = append(out, PersonSpec{
			Username: r.username,
			Name:     r.name,
			Posts:    []PostSpec{{UnitKey: unit, Title: r.title, Primary: true}},
			Roles:    append([]zhongshu.Role(nil), r.roles...),
		})
	}
	return out
}

// roles is shorthand for a role list.
func roles(rs ...zhongshu.Role) []zhongshu.Role { return rs }

// people returns everybody, without phones and AB角, which County fills in.
func people() []PersonSpec {
	var ps []PersonSpec
	add := func(more ...PersonSpec) { ps = append(ps, more...) }

	// 县政府领导. The AB角 pairs are in abPairs.
	add(at(keyGov,
		staffRow{"xianzhang", "何建平", "县长", roles(countyHead)},
		staffRow{"luozhiqiang", "罗志强", "常务副县长", roles(execDeputyHead)},
		staffRow{"fuxianzhang", "杜海燕", "副县长", roles(deputyHead)},
		staffRow{"zhaomingliang", "赵明亮", "副县长", roles(deputyHead)},
		staffRow{"gouwenbin", "苟文斌", "副县长", roles(deputyHead)},
		staffRow{"tangxiaomei", "唐晓梅", "副县长", roles(deputyHead)},
	)...)

	// 县政府办公室领导. 陈立新 is also 督查室主任.
	add(at(keyOffice,
		staffRow{"zhuren", "王建国", "主任", roles(officeDirector)},
		staffRow{"liufang", "刘芳", "副主任", roles(officeDeputy)},
		staffRow{"puyonggang", "蒲永刚", "副主任", roles(officeDeputy)},
	)...)
	add(PersonSpec{
		Username: "chenlixin",
		Name:     "陈立新",
		Posts: []PostSpec{
			{UnitKey: keyOffice, Title: "副主任", Primary: true},
			{UnitKey: keySupervision, Title: "主任"},
		},
		Roles: roles(officeDeputy, sectionChief, supervisor),
	})

	// 内设科室.
	add(at(keySecretariat,
		staffRow{"zhangwei", "张伟", "科长", roles(sectionChief)},
		staffRow{"liting", "李婷", "科员", roles(clerk)},
		staffRow{"zhouhao", "周浩", "科员", roles(clerk)},
		staffRow{"jingxiaolan", "敬小兰", "科员", roles(clerk)},
		staffRow{"ranjun", "冉俊", "科员", roles(clerk)},
	)...)
	add(at(keyGeneral,
		staffRow{"huangdeming", "黄德明", "科长", roles(sectionChief)},
		staffRow{"wuxue", "吴雪", "科员", roles(clerk)},
		staffRow{"xupeng", "徐鹏", "科员", roles(clerk)},
		staffRow{"sunlijuan", "孙丽娟", "科员", roles(clerk)},
		staffRow{"machao", "马超", "科员", roles(clerk)},
	)...)
	add(at(keyDocuments,
		staffRow{"yangxiuying", "杨秀英", "科长", roles(sectionChief)},
		staffRow{"wenshu", "郑晓燕", "文书", roles(clerk, registrar)},
		staffRow{"xieyu", "谢宇", "机要员", roles(clerk, registrar)},
		staffRow{"hanmeng", "韩梦", "科员", roles(clerk)},
		staffRow{"fenggang", "冯刚", "科员", roles(clerk)},
	)...)
	add(at(keySupervision,
		staffRow{"duchayuan", "曹静", "督查员", roles(clerk, supervisor)},
		staffRow{"yuanye", "袁野", "督查员", roles(clerk, supervisor)},
		staffRow{"dengsiyuan", "邓思远", "督查员", roles(clerk, supervisor)},
		staffRow{"xujia", "许佳", "督查员", roles(clerk, supervisor)},
	)...)
	add(at(keyInformation,
		staffRow{"fuqiang", "傅强", "科长", roles(sectionChief, infoEditor)},
		staffRow{"xinxi", "沈玉", "信息编辑", roles(clerk, infoEditor)},
		staffRow{"zengfan", "曾凡", "信息编辑", roles(clerk, infoEditor)},
		staffRow{"pengyanan", "彭亚楠", "信息编辑", roles(clerk, infoEditor)},
		staffRow{"lvchen", "吕晨", "科员", roles(clerk, infoEditor)},
		staffRow{"sysadmin", "钟毅", "系统管理员", roles(zhongshu.RoleSysAdmin)},
	)...)
	add(at(keyReception,
		staffRow{"sujianhua", "苏建华", "主任", roles(sectionChief)},
		staffRow{"luping", "卢萍", "科员", roles(clerk)},
		staffRow{"jiangtao", "蒋涛", "科员", roles(clerk)},
		staffRow{"caiwenjing", "蔡文静", "科员", roles(clerk)},
	)...)
	add(at(keyDuty,
		staffRow{"jiajun", "贾军", "主任", roles(sectionChief, dutyOfficer)},
		staffRow{"zhiban", "丁磊", "值班员", roles(clerk, dutyOfficer)},
		staffRow{"weihong", "魏红", "值班员", roles(clerk, dutyOfficer)},
		staffRow{"xuefeng", "薛峰", "值班员", roles(clerk, dutyOfficer)},
		staffRow{"yeqian", "叶倩", "值班员", roles(clerk, dutyOfficer)},
	)...)
	add(at(keyAdmin,
		staffRow{"yuzhigang", "余志刚", "科长", roles(sectionChief)},
		staffRow{"panling", "潘玲", "科员", roles(clerk)},
		staffRow{"daiming", "戴明", "科员", roles(clerk)},
		staffRow{"xiayu", "夏雨", "科员", roles(clerk)},
		staffRow{"secadmin", "汪洋", "安全管理员", roles(zhongshu.RoleSecAdmin)},
		staffRow{"auditadmin", "田甜", "审计管理员", roles(zhongshu.RoleAuditAdmin)},
	)...)

	// 县政府部门 and 乡镇.
	for _, r := range departmentRows {
		title := "局长"
		if t, ok := principalTitles[r.key]; ok {
			title = t
		}
		add(localPeople(r, "办公室主任", title, "办公室科员")...)
	}
	for _, r := range townRows {
		add(localPeople(r, "党政办主任", "镇长", "党政办科员")...)
	}

	// External units' 联络员.
	for _, rows := range [][]externalRow{peerRows, outsideRows} {
		for _, r := range rows {
			if r.liaison != "" {
				add(at(r.key, staffRow{liaisonUsername(r.key), r.liaison, "联络员", roles(unitLiaison)})...)
			}
		}
	}
	return ps
}

// localPeople returns the people of a department or town: the 联络员 (who is
// also its 信息员), and the principal and a 科员 when the row names them.
func localPeople(r localRow, liaisonTitle, principalTitle, staffTitle string) []PersonSpec {
	rows := []staffRow{{liaisonUsername(r.key), r.liaison, liaisonTitle, roles(unitLiaison, infoOfficer)}}
	if r.principal != "" {
		rows = append(rows, staffRow{r.key + principalSuffix(principalTitle), r.principal, principalTitle, roles(clerk)})
	}
	if r.staff != "" {
		rows = append(rows, staffRow{r.key + ".ky", r.staff, staffTitle, roles(clerk)})
	}
	return at(r.key, rows...)
}

// principalSuffix is the username suffix of a principal: .jz for 局长 and
// 主任, .zz for 镇长.
func principalSuffix(title string) string {
	if title == "镇长" {
		return ".zz"
	}
	return ".jz"
}
