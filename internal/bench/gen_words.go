package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Word lists for generated titles, bodies and names. A county office's
// documents repeat a few hundred phrases; combining them gives titles and
// bodies of realistic length and vocabulary, so that 2-character searches
// (督办, 防汛, 安全) hit as many documents as they would in a real register.

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")

var givenChars = []rune("伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红建文辉力鹏宇浩凯健俊帆帅旭宁晨欣悦雪琳倩婷玲云飞鑫波斌宏志峰海林东亮成义德荣瑞春燕梅丹利国庆永胜学")

// topics are the matters documents and 督办 items are about.
var topics = []string{
	"防汛抗旱", "安全生产", "森林防火", "乡村振兴", "优化营商环境", "耕地保护", "消防安全", "食品安全",
	"基层治理", "信访维稳", "生态环境保护", "农村人居环境整治", "医疗保障", "义务教育均衡发展", "稳岗就业",
	"根治欠薪", "城乡低保", "地质灾害防治", "道路交通安全", "城镇燃气安全", "防范电信网络诈骗", "秸秆禁烧",
	"高标准农田建设", "产业园区建设", "项目资金管理", "政务公开", "数字政府建设", "12345热线办理", "民生实事",
	"河长制", "林长制", "招商引资", "统计数据质量", "审计整改", "巡察反馈问题整改", "文明城市创建",
	"国有资产管理", "粮食安全", "动物防疫", "农村饮水安全", "危房改造", "老旧小区改造", "校园安全",
	"冬春火灾防控", "节能减排", "重点项目建设", "民营经济发展", "乡村旅游", "养老服务", "残疾人帮扶",
}

var titleVerbs = []string{"做好", "加强", "开展", "进一步做好", "切实加强", "深入推进", "全面落实", "扎实推进", "抓好", "规范"}

var titleTails = []string{"工作", "有关工作", "专项行动", "专项整治", "大排查大整治", "工作的实施方案", "考核工作",
	"督查检查", "宣传活动", "隐患排查治理"}

// kindTitles pairs the tail of a title with its 文种 code.
var kindTitles = []struct{ word, kind string }{
	{"通知", "notice"}, {"通知", "notice"}, {"通知", "notice"}, {"意见", "opinion"}, {"通报", "bulletin"},
	{"报告", "report"}, {"请示", "request"}, {"批复", "reply"}, {"函", "letter"}, {"纪要", "minutes"},
}

var bodyOpenings = []string{
	"为深入贯彻落实上级关于%s的决策部署，切实压实各方责任，",
	"根据省、市关于%s工作的统一安排，结合我县实际，",
	"近期，全市%s工作暴露出一些薄弱环节，部分地方责任落实不到位，",
	"为进一步提升%s工作水平，推动各项任务落地见效，",
	"按照市委、市政府关于%s的工作要求，",
}

var bodySentences = []string{
	"各乡镇、各部门要高度重视，主要负责同志要亲自研究、亲自部署，明确分管领导和具体责任人。",
	"要建立工作台账，逐项明确责任单位、完成时限和工作措施，实行销号管理。",
	"请于每月25日前将工作进展情况报县政府办公室，县政府督查室将适时开展督办。",
	"对工作推进不力、敷衍塞责的，将予以通报批评并按规定追究责任。",
	"要加强部门协作配合，形成工作合力，确保各项任务按期完成。",
	"各地要全面开展排查，做到不漏一户、不落一处，发现问题立即整改。",
	"要强化值班值守，严格执行领导带班和24小时值班制度，确保信息畅通。",
	"要加大资金保障力度，规范资金使用管理，提高资金使用效益。",
	"要加强宣传引导，营造全社会共同参与的良好氛围。",
	"县政府将把此项工作纳入年度目标考核，实行季度通报、年终考评。",
	"各承办单位要按照“一事一表”要求，认真梳理问题清单和整改清单。",
	"请各单位明确一名联络员，负责日常联络和信息报送工作。",
	"对群众反映强烈的突出问题，要建立快速响应机制，限时办结并及时反馈。",
	"要坚持问题导向，聚焦重点领域和关键环节，补齐短板弱项。",
	"工作中遇到的重大问题，请及时向县政府报告。",
	"县政府督查室将会同有关部门进行跟踪督办，并将督办情况在全县通报。",
	"要严格落实安全责任，强化隐患排查，坚决防范和遏制重特大事故发生。",
	"各牵头单位要加强统筹调度，定期召开推进会，协调解决存在的困难和问题。",
}

var instructionTexts = []string{
	"请%s牵头，抓紧研究落实，按时报告办理结果。",
	"同意拟办意见。请%s认真办理。",
	"请%s高度重视，务必按期完成，并将落实情况报县政府督查室督办。",
	"此事关系群众切身利益，请%s抓紧办理，限期反馈。",
	"请%s会同有关部门研究提出意见。",
}

var progressTexts = []string{
	"已召开专题会议研究部署，制定工作方案，明确责任分工，目前正在按计划推进。",
	"已完成前期摸底排查，建立问题台账，整改工作有序推进，预计按期完成。",
	"已协调有关部门联合办理，落实资金保障，现阶段工作完成约六成。",
	"已按要求完成整改，并组织开展了回头看，相关资料已归档备查。",
}

// textGen makes deterministic text from a seeded generator.
type textGen struct{ rng *rand.Rand }

func (g textGen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// name is a Chinese personal name of two or three characters.
func (g textGen) name() string {
	var b strings.Builder
	b.WriteRune(surnames[g.rng.IntN(len(surnames))])
	n := 1 + g.rng.IntN(2)
	for range n {
		b.WriteRune(givenChars[g.rng.IntN(len(givenChars))])
	}
	return b.String()
}

// title is a document title on topic, with its 文种 code.
func (g textGen) title(topic string) (string, string) {
	k := kindTitles[g.rng.IntN(len(kindTitles))]
	return fmt.Sprintf("关于%s%s%s的%s", g.pick(titleVerbs), topic, g.pick(titleTails), k.word), k.kind
}

// body is a paragraph about topic of about n sentences (100–300 characters
// for n of 3–6).
func (g textGen) body(topic string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, g.pick(bodyOpenings), topic)
	b.WriteString("现就有关事项通知如下。")
	for range n {
		b.WriteString(g.pick(bodySentences))
	}
	return b.String()
}
