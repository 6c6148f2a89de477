package docpdf

import (
	"context"
	"testing"
)

// BenchmarkRender lays out the three-page sample 通知 (fonts are read and
// subset on every call): `go test -run '^$' -bench Render ./internal/docpdf/`.
func BenchmarkRender(b *testing.B) {
	fonts := Fonts{FangSong: testCJKFont, Latin: testLatinFont}
	doc := sampleDoc()
	for b.Loop() {
		if _, err := Render(context.Background(), doc, fonts); err != nil {
			b.Skip("no fonts: ", err)
		}
	}
}
