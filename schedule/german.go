package schedule

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// dayNames maps the German weekdays, as adverb ("montags") and noun
// ("montag"), to cron's numbers (0 = Sunday).
var dayNames = map[string]int{
	"montags": 1, "montag": 1,
	"dienstags": 2, "dienstag": 2,
	"mittwochs": 3, "mittwoch": 3,
	"donnerstags": 4, "donnerstag": 4,
	"freitags": 5, "freitag": 5,
	"samstags": 6, "samstag": 6, "sonnabends": 6, "sonnabend": 6,
	"sonntags": 0, "sonntag": 0,
}

// monthNames are the German months in order.
var monthNames = []string{"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"}

// monthDays is the longest day of each month that comes every year.
var monthDays = []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// numberWords are the numbers written as words that fit the intervals.
var numberWords = map[string]int{
	"eine": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
	"acht": 8, "zehn": 10, "zwölf": 12, "fünfzehn": 15, "zwanzig": 20, "dreißig": 30,
	"sechzig": 60, "vierundzwanzig": 24,
}

// spellings maps spellings without umlauts and other synonyms to the
// words the parser knows.
var spellings = map[string]string{
	"stuendlich": "stündlich", "taeglich": "täglich", "woechentlich": "wöchentlich",
	"jaehrlich": "jährlich", "maerz": "märz", "halbstuendlich": "halbstündlich",
	"viertelstuendlich": "viertelstündlich", "werktäglich": "werktags", "werktaeglich": "werktags",
	"zwoelf": "zwölf", "fuenf": "fünf", "fuenfzehn": "fünfzehn", "dreissig": "dreißig",
	"minute": "minuten", "stunden": "stunde", "uhr.": "uhr",
}

// fillers are words that do not change the meaning.
var fillers = map[string]bool{"um": true, "uhr": true, "jeweils": true, "immer": true}

// timePattern matches "3", "03", "3:00", "03.30", "3.30".
var timePattern = regexp.MustCompile(`^([0-9]{1,2})(?:[:.]([0-9]{2}))?\.?$`)

// ordinalPattern matches a day of the month: "1." or "1".
var ordinalPattern = regexp.MustCompile(`^([0-9]{1,2})\.?$`)

// tokens splits German schedule text into lower-case words without
// commas and fillers, with umlauts composed and spellings unified.
func tokens(text string) []string {
	t := strings.ToLower(text)
	t = strings.NewReplacer("a\u0308", "ä", "o\u0308", "ö", "u\u0308", "ü", ",", " ", ";", " ").Replace(t)
	var out []string
	for _, w := range strings.Fields(t) {
		if s, ok := spellings[w]; ok {
			w = s
		}
		if w != "." && !fillers[w] {
			out = append(out, w)
		}
	}
	return out
}

// parser reads tokens from the front.
type parser struct {
	toks []string
	i    int
}

func (p *parser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *parser) next() string {
	w := p.peek()
	if w != "" {
		p.i++
	}
	return w
}

// accept consumes the words in order if they come next.
func (p *parser) accept(words ...string) bool {
	if p.i+len(words) > len(p.toks) || !slices.Equal(p.toks[p.i:p.i+len(words)], words) {
		return false
	}
	p.i += len(words)
	return true
}

func (p *parser) done() bool { return p.i == len(p.toks) }

// parseGerman reads the German forms listed at Parse.
func parseGerman(text string) (string, error) {
	toks := tokens(text)
	if slices.Equal(toks, []string{"nur", "von", "hand"}) || slices.Equal(toks, []string{"von", "hand"}) || slices.Equal(toks, []string{"manuell"}) {
		return "", nil
	}
	// A time in front ("um 3 Uhr täglich") goes to the end.
	if len(toks) > 1 && timePattern.MatchString(toks[0]) {
		toks = append(slices.Clone(toks[1:]), toks[0])
	}
	p := &parser{toks: toks}
	spec, err := p.schedule()
	if err != nil {
		return "", err
	}
	if spec == "" || !p.done() {
		return "", invalid("Den Zeitplan »%s« versteht municat nicht.", quote(text))
	}
	return spec, nil
}

// schedule reads a whole schedule; "" if the words fit no form.
func (p *parser) schedule() (string, error) {
	switch {
	case p.accept("stündlich"), p.accept("jede", "stunde"), p.accept("einmal", "pro", "stunde"):
		if p.accept("zur", "minuten") {
			m, err := p.minute()
			if err != nil || m == 0 {
				return "0 * * * *", err
			}
			return fmt.Sprintf("%d * * * *", m), nil
		}
		return "0 * * * *", nil
	case p.accept("halbstündlich"):
		return "*/30 * * * *", nil
	case p.accept("viertelstündlich"):
		return "*/15 * * * *", nil
	case p.accept("alle"):
		return p.every()
	}
	return p.days()
}

// minute reads a minute 0–59.
func (p *parser) minute() (int, error) {
	w := p.next()
	m, err := strconv.Atoi(w)
	if err != nil || len(w) > 2 || m < 0 || m > 59 {
		return 0, invalid("Die Minute »%s« gibt es nicht; erlaubt sind 0 bis 59.", quote(w))
	}
	return m, nil
}

// number reads a count as digits or a word.
func (p *parser) number() (int, bool) {
	w := p.next()
	if n, ok := numberWords[w]; ok {
		return n, true
	}
	if len(w) == 0 || len(w) > 3 || strings.Trim(w, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	return n, err == nil
}

// every reads "N Minuten" or "N Stunden" after "alle".
func (p *parser) every() (string, error) {
	n, ok := p.number()
	if !ok {
		return "", nil
	}
	switch p.next() {
	case "minuten":
		switch {
		case n == 60:
			return "0 * * * *", nil
		case n < 5 || 60%n != 0:
			return "", invalid("»alle %d Minuten« geht nicht: möglich sind alle 5, 6, 10, 12, 15, 20, 30 oder 60 Minuten.", n)
		}
		return fmt.Sprintf("*/%d * * * *", n), nil
	case "stunde":
		switch {
		case n == 1:
			return "0 * * * *", nil
		case n == 24:
			return "0 0 * * *", nil
		case n < 1 || 24%n != 0:
			return "", invalid("»alle %d Stunden« geht nicht: möglich sind alle 1, 2, 3, 4, 6, 8, 12 oder 24 Stunden.", n)
		}
		return fmt.Sprintf("0 */%d * * *", n), nil
	}
	return "", nil
}

// days reads the days part and the time of day.
func (p *parser) days() (string, error) {
	dom, month, dow := "*", "*", "*"
	switch {
	case p.accept("täglich"), p.accept("jeden", "tag"):
	case p.accept("werktags"), p.accept("an", "werktagen"):
		dow = "1-5"
	case p.accept("am", "wochenende"):
		dow = "0,6"
	case p.accept("wöchentlich"):
		dow = "1"
		if set, ok := p.dayList(); ok {
			dow = dowSpec(set)
		}
	case p.accept("monatlich"):
		dom = "1"
		if p.accept("am") {
			d, err := p.dayOfMonth(28)
			if err != nil {
				return "", err
			}
			dom = strconv.Itoa(d)
		}
	case p.accept("jährlich"):
		d, m, err := p.dayAndMonth()
		if err != nil {
			return "", err
		}
		dom, month = strconv.Itoa(d), strconv.Itoa(m)
	default:
		d, ok, err := p.monthlyPhrase()
		if err != nil {
			return "", err
		}
		if ok {
			dom = strconv.Itoa(d)
		} else if set, ok := p.dayList(); ok {
			dow = dowSpec(set)
		} else {
			return "", nil
		}
	}
	h, m, err := p.timeOfDay()
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d %d %s %s %s", m, h, dom, month, dow), nil
}
