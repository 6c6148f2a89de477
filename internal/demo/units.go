package demo

import "github.com/zhongshu-oa/zhongshu/internal/zhongshu"

// Keys of the units that people and tests refer to directly.
const (
	keyGov    = "gov" // 青川县人民政府
	keyOffice = "gzb" // 青川县人民政府办公室

	keySecretariat = "gzb.msk" // 秘书科
	keyGeneral     = "gzb.zhk" // 综合科
	keyDocuments   = "gzb.wdk" // 文电科
	keySupervision = "gzb.dcs" // 督查室
	keyInformation = "gzb.xxk" // 信息科
	keyReception   = "gzb.jdb" // 接待办
	keyDuty        = "gzb.zbs" // 总值班室
	keyAdmin       = "gzb.xzk" // 行政科
)

// unitRow is the naming of one unit.
type unitRow struct{ key, full, short, doc string }

// sectionRows are the office's 内设科室.
var sectionRows = []unitRow{
	{keySecretariat, "秘书科", "秘书科", ""},
	{keyGeneral, "综合科", "综合科", ""},
	{keyDocuments, "文电科", "文电科", ""},
	{keySupervision, "督查室", "督查室", ""},
	{keyInformation, "信息科", "信息科", ""},
	{keyReception, "接待办", "接待办", ""},
	{keyDuty, "总值班室", "总值班室", ""},
	{keyAdmin, "行政科", "行政科", ""},
}

// externalRow is an external unit with at most one contact person.
type externalRow struct {
	unitRow
	typ     zhongshu.UnitType
	liaison string // name of the 联络员, "" for none; username is key + ".lly"
}

// peerRows are the parallel offices (两办/三办).
var peerRows = []externalRow{
	{unitRow{"xwb", "中共青川县委办公室", "县委办", "青委办"}, zhongshu.UnitPeerOffice, "胡晓军"},
	{unitRow{"rdb", "青川县人大常委会办公室", "县人大办", "青人大办"}, zhongshu.UnitPeerOffice, "林慧"},
	{unitRow{"zxb", "青川县政协办公室", "县政协办", "青政协办"}, zhongshu.UnitPeerOffice, "郭秀兰"},
}

// outsideRows are the higher organs and other external units.
var outsideRows = []externalRow{
	{unitRow{"gysf", "广元市人民政府", "市政府", "广府"}, zhongshu.UnitHigherOrgan, ""},
	{unitRow{"gysfb", "广元市人民政府办公室", "市政府办", "广府办"}, zhongshu.UnitHigherOrgan, ""},
	{unitRow{"scsfbt", "四川省人民政府办公厅", "省政府办公厅", "川办"}, zhongshu.UnitHigherOrgan, ""},
	{unitRow{"fy", "青川县人民法院", "县法院", "青法"}, zhongshu.UnitOther, "梁晨"},
	{unitRow{"jcy", "青川县人民检察院", "县检察院", "青检"}, zhongshu.UnitOther, "朱红英"},
}

// localRow is a department or town with its people, by name. Usernames are
// key + ".lly" (联络员), ".jz"/".zz" (局长/镇长) and ".ky" (科员).
type localRow struct {
	unitRow
	liaison   string // 联络员 and 信息员 of the unit; always present
	principal string // 局长/主任/镇长, "" when not in the dataset
	staff     string // a 科员, "" when not in the dataset
}

// departmentRows are the county government's departments and directly
// administered bodies.
var departmentRows = []localRow{
	{unitRow{"fgj", "青川县发展和改革局", "县发改局", "青发改"}, "任晓红", "姜永平", "孟凡"},
	{unitRow{"jxkjj", "青川县经济信息化和科学技术局", "县经信科技局", "青经信科技"}, "鲁宏", "", "樊艳"},
	{unitRow{"jyj", "青川县教育局", "县教育局", "青教"}, "顾文华", "", "侯蕾"},
	{unitRow{"gaj", "青川县公安局", "县公安局", "青公"}, "邵勇", "龙海涛", "万鹏"},
	{unitRow{"mzj", "青川县民政局", "县民政局", "青民"}, "段丽", "", "雷鸣"},
	{unitRow{"sfj", "青川县司法局", "县司法局", "青司"}, "钱玉兰", "汤建军", "尹琳"},
	{unitRow{"czj", "青川县财政局", "县财政局", "青财"}, "邱雪梅", "秦国栋", "史佳"},
	{unitRow{"rsj", "青川县人力资源和社会保障局", "县人社局", "青人社"}, "黎明", "", "易欣"},
	{unitRow{"zrzyj", "青川县自然资源局", "县自然资源局", "青自然资"}, "常洪", "武振华", "乔娜"},
	{unitRow{"sthjj", "青川县生态环境局", "县生态环境局", "青环"}, "贺兵", "", "赖春燕"},
	{unitRow{"zjj", "青川县住房和城乡建设局", "县住建局", "青住建"}, "龚晓峰", "", "文静"},
	{unitRow{"jtysj", "青川县交通运输局", "县交通运输局", "青交"}, "严小平", "华志勇", "金凤"},
	{unitRow{"slj", "青川县水利局", "县水利局", "青水"}, "陶亮", "", "姜丽红"},
	{unitRow{"nyncj", "青川县农业农村局", "县农业农村局", "青农"}, "戚国庆", "谭春生", "廖小燕"},
	{unitRow{"swj", "青川县商务局", "县商务局", "青商"}, "邹杰", "", "熊英"},
	{unitRow{"wglj", "青川县文化广播电视和旅游局", "县文广旅局", "青文广旅"}, "陆海波", "", "郝佳怡"},
	{unitRow{"wjw", "青川县卫生健康委员会", "县卫健委", "青卫健"}, "孔德英", "白云飞", "崔敏"},
	{unitRow{"tyjrj", "青川县退役军人事务局", "县退役军人局", "青退役军人"}, "康平", "", "毛晓丽"},
	{unitRow{"yjj", "青川县应急管理局", "县应急局", "青应急"}, "江涛", "左志军", "石磊"},
	{unitRow{"sjj", "青川县审计局", "县审计局", "青审"}, "莫小琴", "", "向东"},
	{unitRow{"scjgj", "青川县市场监督管理局", "县市场监管局", "青市监"}, "冉启明", "欧阳文", "牟丹"},
	{unitRow{"tjj", "青川县统计局", "县统计局", "青统"}, "母凤英", "", "路遥"},
	{unitRow{"ybj", "青川县医疗保障局", "县医保局", "青医保"}, "岳红梅", "", "殷俊"},
	{unitRow{"lyj", "青川县林业局", "县林业局", "青林"}, "柏松", "祝永富", "滕飞"},
	{unitRow{"xfj", "青川县信访局", "县信访局", "青信访"}, "司马青", "", "屈燕"},
	{unitRow{"sjuj", "青川县数据局", "县数据局", "青数据"}, "詹晓东", "", "伍思琪"},
	{unitRow{"zfj", "青川县综合行政执法局", "县综合执法局", "青综执"}, "葛军", "", "申雪"},
}

// townRows are the towns (乡镇).
var townRows = []localRow{
	{unitRow{"chengguan", "青川县城关镇人民政府", "城关镇", "城关府"}, "程小林", "庞德胜", "车丽"},
	{unitRow{"qingxi", "青川县青溪镇人民政府", "青溪镇", "青溪府"}, "舒琴", "聂海", "阮婷"},
	{unitRow{"muyu", "青川县木鱼镇人民政府", "木鱼镇", "木鱼府"}, "覃勇", "宁志远", ""},
	{unitRow{"shazhou", "青川县沙州镇人民政府", "沙州镇", "沙州府"}, "甘露", "包建", "凌云"},
	{unitRow{"yaodu", "青川县姚渡镇人民政府", "姚渡镇", "姚渡府"}, "房敏", "温德才", ""},
	{unitRow{"zhuyuan", "青川县竹园镇人民政府", "竹园镇", "竹园府"}, "蓝晓琳", "游国强", "邬佳"},
	{unitRow{"guanzhuang", "青川县关庄镇人民政府", "关庄镇", "关庄府"}, "景泉", "齐勇军", ""},
	{unitRow{"hongguang", "青川县红光镇人民政府", "红光镇", "红光府"}, "安晓娜", "宋建林", "喻婷"},
	{unitRow{"fangshi", "青川县房石镇人民政府", "房石镇", "房石府"}, "章小军", "桂明", ""},
	{unitRow{"sanguo", "青川县三锅镇人民政府", "三锅镇", "三锅府"}, "涂红", "苗永生", "费莉"},
	{unitRow{"jianfeng", "青川县建峰镇人民政府", "建峰镇", "建峰府"}, "晏琳", "谷长青", ""},
	{unitRow{"chaba", "青川县茶坝镇人民政府", "茶坝镇", "茶坝府"}, "季红霞", "符志明", "柯欣"},
}

// principalTitles overrides the title 局长 for departments led otherwise.
var principalTitles = map[string]string{"wjw": "主任"}

// liaisonUsername is the username of a unit's 联络员.
func liaisonUsername(key string) string { return key + ".lly" }

// units returns every unit, parents before children. SortOrder follows the
// order of the list.
func units() []UnitSpec {
	var us []UnitSpec
	add := func(u UnitSpec) {
		u.SortOrder = 10 * (len(us) + 1)
		us = append(us, u)
	}
	add(UnitSpec{Key: keyGov, Type: zhongshu.UnitCountyGov,
		FullName: "青川县人民政府", ShortName: "县政府", DocCode: "青政"})
	add(UnitSpec{Key: keyOffice, ParentKey: keyGov, Type: zhongshu.UnitGovOffice,
		FullName: officeName, ShortName: "县政府办", DocCode: "青政办"})
	for _, r := range sectionRows {
		add(UnitSpec{Key: r.key, ParentKey: keyOffice, Type: zhongshu.UnitSection,
			FullName: r.full, ShortName: r.short, DocCode: r.doc})
	}
	for _, r := range peerRows {
		add(external(r))
	}
	for _, r := range departmentRows {
		add(local(r, zhongshu.UnitDepartment))
	}
	for _, r := range townRows {
		add(local(r, zhongshu.UnitTown))
	}
	for _, r := range outsideRows {
		add(external(r))
	}
	return us
}

// external returns the root unit of an external row. Its 联络员, if any, is
// the liaison and, for peer offices, also the supervision liaison.
func external(r externalRow) UnitSpec {
	u := UnitSpec{Key: r.key, Type: r.typ, FullName: r.full, ShortName: r.short, DocCode: r.doc, External: true}
	if r.liaison != "" {
		u.Liaison = liaisonUsername(r.key)
		if r.typ == zhongshu.UnitPeerOffice {
			u.SupervisionLiaison = u.Liaison
		}
	}
	return u
}

// local returns the unit of a department or town, under the county
// government, with its 联络员 as every contact.
func local(r localRow, typ zhongshu.UnitType) UnitSpec {
	lly := liaisonUsername(r.key)
	return UnitSpec{Key: r.key, ParentKey: keyGov, Type: typ,
		FullName: r.full, ShortName: r.short, DocCode: r.doc,
		Liaison: lly, InfoOfficer: lly, SupervisionLiaison: lly}
}
