package form

import "oic/domain"

func Choices(ss ...string) []Option {
	out := make([]Option, len(ss))
	for i, s := range ss {
		out[i] = Option{s, s}
	}
	return out
}

func TeamOptions() []Option {
	out := make([]Option, len(domain.Teams))
	for i, t := range domain.Teams {
		out[i] = Option{string(t.Code), string(t.Code) + "  " + t.Name}
	}
	return out
}

var YesNoOptions = []Option{{"yes", "yes"}, {"no", "no"}}
