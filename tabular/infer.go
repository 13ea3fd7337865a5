package tabular

// guess collects what the cells of one column could be, cell by cell.
type guess struct {
	seen                                    bool // a non-empty cell
	isInt, isPoint, isComma, isBool, isDate bool
	comma                                   bool // a cell had a decimal comma
}

func newGuess() guess {
	return guess{isInt: true, isPoint: true, isComma: true, isBool: true, isDate: true}
}

// add looks at one trimmed, non-empty cell.
func (g *guess) add(s string) {
	g.seen = true
	if g.isInt {
		_, g.isInt = parseInt(s)
	}
	if g.isPoint {
		_, g.isPoint = parsePoint(s)
	}
	if g.isComma {
		var comma bool
		_, comma, g.isComma = parseComma(s)
		g.comma = g.comma || comma
	}
	if g.isBool {
		_, g.isBool = parseBool(s)
	}
	if g.isDate {
		_, g.isDate = parseDate(s)
	}
}

// result returns the column's type and number format. Numbers whose dots
// could be decimal points or German thousands separators ("1.234") count
// as decimal points: only a column that also has decimal commas, or dots
// no decimal number can have ("1.234.567"), is read the German way.
func (g *guess) result() (Type, numberFormat) {
	switch {
	case !g.seen:
		return Text, pointFormat
	case g.isBool:
		return Boolean, pointFormat
	case g.isInt:
		return Integer, pointFormat
	case g.isPoint:
		return Number, pointFormat
	case g.isComma && g.comma:
		return Number, commaFormat
	case g.isComma:
		return Integer, commaFormat
	case g.isDate:
		return Date, pointFormat
	}
	return Text, pointFormat
}
