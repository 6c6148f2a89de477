package extract

// Stream filters of the PDF reader: Flate, ASCIIHex, ASCII85 and the PNG
// predictors, within the content budget.

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/ascii85"
	"errors"
	"fmt"
	"io"
	"strings"
)

// decode returns the decoded data of s, within the budget.
func (d *pdfDoc) decode(s *pdfStream) ([]byte, error) {
	filters := d.resolve(s.dict["Filter"])
	parms := d.resolve(s.dict["DecodeParms"])
	if f, ok := filters.(pdfName); ok {
		filters, parms = pdfArray{f}, pdfArray{parms}
	}
	fa, _ := filters.(pdfArray)
	pa, _ := parms.(pdfArray)
	var rd io.Reader = io.NewSectionReader(d.r, s.off, max(0, min(s.n, d.size-s.off)))
	for i, f := range fa {
		var parm pdfDict
		if i < len(pa) {
			parm, _ = d.resolve(pa[i]).(pdfDict)
		}
		switch d.resolve(f) {
		case pdfName("FlateDecode"), pdfName("Fl"):
			br := bufio.NewReader(rd)
			if h, err := br.Peek(2); err == nil && h[0]&0x0f == 8 && (int(h[0])<<8|int(h[1]))%31 == 0 {
				zr, err := zlib.NewReader(br)
				if err != nil {
					return nil, err
				}
				rd = zr
			} else {
				rd = flate.NewReader(br) // a raw deflate stream, as some writers emit
			}
			if p, _ := parm["Predictor"].(int64); p >= 10 {
				data, err := d.readAll(rd)
				if err != nil {
					return nil, err
				}
				rd = bytes.NewReader(unpredict(data, parm))
			}
		case pdfName("ASCIIHexDecode"), pdfName("AHx"):
			data, err := d.readAll(rd)
			if err != nil {
				return nil, err
			}
			if i := bytes.IndexByte(data, '>'); i >= 0 {
				data = data[:i]
			}
			s, _ := newPDFLexer(bytes.NewReader(append(data, '>')), 0).hexString()
			rd = strings.NewReader(string(s.(pdfString)))
		case pdfName("ASCII85Decode"), pdfName("A85"):
			data, err := d.readAll(rd)
			if err != nil {
				return nil, err
			}
			data = bytes.TrimPrefix(bytes.TrimSpace(data), []byte("<~"))
			if i := bytes.Index(data, []byte("~>")); i >= 0 {
				data = data[:i]
			}
			rd = ascii85.NewDecoder(bytes.NewReader(data))
		default:
			return nil, fmt.Errorf("%w: %v", errPDFFilter, f)
		}
	}
	return d.readAll(rd)
}

// readAll reads r within the budget. A truncated or bad-checksum Flate
// stream still yields what it inflated, as viewers show it.
func (d *pdfDoc) readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(d.budget.reader(r))
	if errors.Is(err, errTooLarge) {
		d.fatal = err
		return nil, err
	}
	if err != nil && len(data) == 0 {
		return nil, err
	}
	return data, nil
}

// unpredict reverses the PNG predictors (10–15) used by cross-reference
// streams and some images.
func unpredict(data []byte, parm pdfDict) []byte {
	colors, bpc, columns := int64(1), int64(8), int64(1)
	if v, ok := parm["Colors"].(int64); ok && v > 0 && v < 64 {
		colors = v
	}
	if v, ok := parm["BitsPerComponent"].(int64); ok && v > 0 && v <= 16 {
		bpc = v
	}
	if v, ok := parm["Columns"].(int64); ok && v > 0 && v < 1<<20 {
		columns = v
	}
	rowLen := int((colors*bpc*columns + 7) / 8)
	bpp := max(1, int(colors*bpc/8))
	prev := make([]byte, rowLen)
	var out []byte
	for len(data) > rowLen {
		typ, row := data[0], data[1:rowLen+1]
		data = data[rowLen+1:]
		for i := range row {
			var left, upLeft byte
			if i >= bpp {
				left, upLeft = row[i-bpp], prev[i-bpp]
			}
			up := prev[i]
			switch typ {
			case 1:
				row[i] += left
			case 2:
				row[i] += up
			case 3:
				row[i] += byte((int(left) + int(up)) / 2)
			case 4:
				row[i] += paeth(left, up, upLeft)
			}
		}
		out = append(out, row...)
		prev = row
	}
	return out
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
