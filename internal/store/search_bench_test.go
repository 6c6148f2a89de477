package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/search"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
)

// searchBenchDocs is how many documents the search benchmark indexes
// (ZHONGSHU_BENCH_SEARCH_DOCS, default 1,000,000).
func searchBenchDocs() int {
	if n, err := strconv.Atoi(os.Getenv("ZHONGSHU_BENCH_SEARCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// Words of a county office's documents, for generated titles and bodies.
var (
	benchTopics = strings.Fields(`防汛抗旱 森林防火 安全生产 乡村振兴 招商引资 项目建设 财政预算 民生实事 耕地保护 生态环境
		疫情防控 教育发展 医疗卫生 社会保障 城乡建设 交通运输 农村公路 老旧小区 营商环境 信访维稳 督查督办 政务公开
		人大建议 政协提案 12345热线 食品安全 燃气安全 河长制 林长制 人口普查 统计调查 审计整改 债务化解 粮食安全`)
	benchSenders = strings.Fields(`市人民政府办公室 市发展和改革委员会 市财政局 市应急管理局 市自然资源局 市生态环境局
		市住房和城乡建设局 市交通运输局 市农业农村局 市卫生健康委员会 市教育局 县委办公室 县人大常委会办公室 县政协办公室`)
	benchVerbs = strings.Fields(`做好 加强 进一步做好 开展 推进 落实 组织开展 切实做好 扎实推进 全面加强`)
	benchKinds = strings.Fields(`通知 意见 函 报告 通报 批复 请示 纪要`)
	benchBody  = strings.Fields(`各县区人民政府 市政府各部门 为深入贯彻落实 按照省委省政府部署要求 结合我市实际 现将有关事项通知如下
		一、提高思想认识 二、明确工作任务 三、强化责任落实 四、加强督促检查 请各地各部门高度重视 认真组织实施
		确保各项工作落到实处 有关情况请于规定时间前报送 联系人及电话 附件 特此通知 主要负责同志要亲自过问
		建立健全工作机制 加大资金投入 强化要素保障 严格考核问责 及时总结经验做法 形成长效机制`)
)

// benchDoc is document i of the generated corpus: 收文 and 督办 items
// over five years, one in 300 units seeing each, the office seeing all.
func benchDoc(r *rand.Rand, i int) *store.SearchDoc {
	topic := benchTopics[r.IntN(len(benchTopics))]
	kind := benchKinds[r.IntN(len(benchKinds))]
	sender := benchSenders[r.IntN(len(benchSenders))]
	title := "关于" + benchVerbs[r.IntN(len(benchVerbs))] + topic + "工作的" + kind
	var body strings.Builder
	for body.Len() < 900 { // ≈ 300 characters
		body.WriteString(benchBody[r.IntN(len(benchBody))])
		if r.IntN(4) == 0 {
			body.WriteString(benchTopics[r.IntN(len(benchTopics))])
		}
		body.WriteString("，")
	}
	year := 2022 + i*5/searchBenchDocs()
	module, number := "incoming", fmt.Sprintf("收〔%d〕%04d", year, i%10000+1)
	code := "市政办发"
	if i%5 == 4 {
		module, number = "supervision", fmt.Sprintf("督〔%d〕%d号", year, i%10000+1)
	}
	unit := 1 + r.IntN(300)
	return &store.SearchDoc{Module: module, RefID: int64(i + 1), Title: title,
		Numbers: []string{number, fmt.Sprintf("%s〔%d〕%d号", code, year, i+1)}, Body: body.String(), Kind: kind,
		Party: sender, Status: "承办中", At: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
		Access: []string{"r:registrar", "u:" + strconv.Itoa(unit)}}
}

// searchBenchDB opens the benchmark's database: a fresh one, or, when
// ZHONGSHU_BENCH_SEARCH_KEEP names a database (a SQLite file or a
// postgres:// URL of an existing database), that one, kept between runs so
// that the hour of indexing at 1 M is paid once and the queries can be
// measured again on a quiet machine. It returns how many documents the
// index already holds.
func searchBenchDB(b *testing.B, ctx context.Context, engine string) (*store.DB, int) {
	keep := os.Getenv("ZHONGSHU_BENCH_SEARCH_KEEP")
	if keep == "" || (engine == "postgres") != strings.HasPrefix(keep, "postgres") {
		return storetest.Open(b, engine, nil), 0
	}
	db, err := store.Open(ctx, keep, store.Options{Synchronous: "NORMAL"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	var have int
	if err := db.View(ctx, func(tx *store.Tx) (err error) { have, err = tx.CountSearchDocs(ctx); return err }); err != nil {
		b.Fatal(err)
	}
	return db, have
}

// BenchmarkSearch measures 检索 at searchBenchDocs() documents (DESIGN.md §5:
// p95 ≤ 50 ms at 1 M for a 2-character query, full recall) on each engine:
// the indexing rate, then p50/p95 of a 2-character term, a 4-character
// term, a number lookup written with other brackets, and two terms — for
// the office (sees everything) and for a unit's liaison (sees 1 in 300).
func BenchmarkSearch(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			if engine == "postgres" && os.Getenv("ZHONGSHU_TEST_POSTGRES") == "" {
				b.Skip("ZHONGSHU_TEST_POSTGRES not set")
			}
			ctx := context.Background()
			db, have := searchBenchDB(b, ctx, engine)
			n := searchBenchDocs()
			r := rand.New(rand.NewPCG(1, 2))
			t0 := time.Now()
			const batch = 2000
			if have >= n {
				b.Logf("%s: %d documents already indexed, querying only", engine, have)
				n = have
			}
			for i := have; i < n; i += batch {
				err := db.Transact(ctx, func(tx *store.Tx) error {
					for j := i; j < min(i+batch, n); j++ {
						if err := tx.IndexSearchDoc(ctx, benchDoc(r, j)); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			if have > 0 && have < n { // resumed: the generator's state does not carry over
				b.Logf("%s: resumed after %d documents (their text differs from a fresh run)", engine, have)
			}
			took := time.Since(t0)
			b.Logf("%s: indexed %d documents in %s (%.0f/s)", engine, n, took.Round(time.Second), float64(n)/took.Seconds())
			queries := []struct{ name, q string }{
				{"2-char", "防汛"}, {"4-char", "森林防火"}, {"number", fmt.Sprintf("市政办发[%d]%d号", 2024, n/2)},
				{"two-terms", "安全生产 督促检查"},
			}
			for _, who := range []struct {
				name string
				keys []string
			}{{"office", []string{"r:registrar"}}, {"liaison", []string{"u:17", "p:99999"}}} {
				for _, q := range queries {
					b.Run(who.name+"/"+q.name, func(b *testing.B) {
						parsed := search.Parse(q.q)
						var lat []time.Duration
						hits := 0
						for b.Loop() {
							t := time.Now()
							var hs []store.SearchHit
							err := db.View(ctx, func(tx *store.Tx) (err error) {
								// What app.Search asks for: its SearchSample (200) and one more.
								hs, err = tx.Search(ctx, store.SearchRequest{Query: parsed, Keys: who.keys, Max: 201})
								return err
							})
							lat = append(lat, time.Since(t))
							if err != nil {
								b.Fatal(err)
							}
							hits = len(hs)
						}
						slices.Sort(lat)
						at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
						b.ReportMetric(at(0.50), "p50-ms")
						b.ReportMetric(at(0.95), "p95-ms")
						b.ReportMetric(float64(hits), "hits")
					})
				}
			}
		})
	}
}
