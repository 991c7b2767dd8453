package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"oic/domain"
	"oic/store"
)

// The sub-commands of oic officer key: the public keys officers sign in
// with over SSH (oic serve).
const (
	officerKeyAddUsage    = "key add STAFFNO FILE|-"
	officerKeyListUsage   = "key list [--json]"
	officerKeyRemoveUsage = "key remove STAFFNO FINGERPRINT"
)

func officerKeyUsageText() string {
	return "Usage:\n  oic officer " + officerKeyAddUsage + "\n  oic officer " + officerKeyListUsage + "\n  oic officer " + officerKeyRemoveUsage + "\n"
}

// runOfficerKey adds, lists and removes officers' SSH keys. Adding and
// removing go on the officer's profile trail, naming who did it (--as,
// or the officer signed in here).
func runOfficerKey(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintf(stderr, "oic officer key: say what to do: add, list or remove\n%s", officerKeyUsageText())
		return errUsage
	}
	switch args[0] {
	case "add":
		return officerKeyAdd(ctx, g, args[1:], stdout, stderr)
	case "list":
		return officerKeyList(ctx, g, args[1:], stdout, stderr)
	case "remove":
		return officerKeyRemove(ctx, g, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, officerKeyUsageText())
		return nil
	}
	fmt.Fprintf(stderr, "oic officer key: %q is not one of add, list or remove\n%s", args[0], officerKeyUsageText())
	return errUsage
}

// officerKeyAdd gives an officer a public key, read from FILE or, with
// "-", standard input: a .pub file or one authorized_keys line.
func officerKeyAdd(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	sn, file, err := keyArgs(g, "add", officerKeyAddUsage, "the officer's public key file (or - to read it from standard input)", args, stdout, stderr)
	if err != nil {
		return err
	}
	what, b, err := readKeyArg(g, file)
	if err != nil {
		return err
	}
	pk, comment, err := store.ParseOfficerKey(what, b)
	if err != nil {
		return fmt.Errorf("%w; nothing was changed", err)
	}
	s, cfg, err := openExisting(g)
	if err != nil {
		return err
	}
	defer s.Close()
	by, err := keyAdmin(ctx, g, s, cfg, stderr)
	if err != nil {
		return err
	}
	o, err := s.Officer(ctx, sn)
	if errors.Is(err, domain.ErrNotFound) {
		return fmt.Errorf("no officer %s in %s; nothing was changed. oic officer add adds their profile first", sn, s.Dir())
	}
	if err != nil {
		return err
	}
	k, err := s.AddOfficerKey(ctx, sn, pk, comment, by, officerClock())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Added the key %s (%s) to %s: they connect to oic serve with it and record as themselves.\n", k.Fingerprint, orDash(k.Comment), o.Label())
	return nil
}

// keyArgs parses the flags and the two arguments of oic officer key add
// or remove (verb): a staff number and what, the second.
func keyArgs(g *globals, verb, usage, what string, args []string, stdout, stderr io.Writer) (domain.StaffNo, string, error) {
	fs := g.flagSet("officer key "+verb, stderr)
	rest, err := parseWithArgs(fs, args, stdout, usage[len("key "+verb+" "):])
	if err != nil {
		return "", "", err
	}
	if len(rest) != 2 {
		fmt.Fprintf(stderr, "oic officer key %s: give a staff number and %s\nUsage: oic officer %s\n", verb, what, usage)
		return "", "", errUsage
	}
	sn, err := domain.ParseStaffNo(rest[0])
	if err != nil {
		fmt.Fprintf(stderr, "oic officer key %s: %q: %v\n", verb, rest[0], err)
		return "", "", errUsage
	}
	return sn, rest[1], nil
}

// readKeyArg reads the key file named by arg, or standard input for "-",
// no more than a public key could be.
func readKeyArg(g *globals, arg string) (string, []byte, error) {
	var r io.Reader
	what := arg
	if arg == "-" {
		what, r = "standard input", g.stdin
		if r == nil {
			r = os.Stdin
		}
	} else {
		f, err := os.Open(arg)
		if err != nil {
			return what, nil, fmt.Errorf("cannot read the key: %w", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, store.MaxKeyFile+1))
	if err != nil {
		return what, nil, fmt.Errorf("cannot read the key from %s: %w", what, err)
	}
	if arg == "-" {
		// Read again, the same, where oic serve holds the folder and is
		// sent the key (serve_local.go).
		g.stdin = bytes.NewReader(b)
	}
	return what, b, nil
}

// keyAdmin is who adds or removes a key: --as, or the officer signed in
// here; there must be one with a profile, as the profile trail names them.
func keyAdmin(ctx context.Context, g *globals, s *store.Store, cfg domain.Config, stderr io.Writer) (domain.Officer, error) {
	by, err := signedIn(ctx, g, s, false)
	if err != nil {
		return by, err
	}
	if by.StaffNo == "" {
		return by, fmt.Errorf("nobody is signed in on %s, and the officer's profile trail names who gave or took a key; nothing was changed. Pass --as STAFFNO", s.Dir())
	}
	if _, err := s.Officer(ctx, by.StaffNo); err != nil {
		return by, fmt.Errorf("%s cannot give or take keys here (%v); nothing was changed", by.StaffNo, err)
	}
	// A key is an identity on the server: where the folder has an
	// administrator, only one gives or takes keys (IDN-1).
	if err := cfg.May(by, domain.ActAdminister); err != nil { // cfg knows if the folder has one (openWith)
		return by, fmt.Errorf("%w; nothing was changed", err)
	}
	// The profile's trail names who gave or took the key (IDN-1).
	return by, recordsAs(ctx, g, s, by, cfg.Location(), stderr)
}

// officerKeyList prints every key, one a line as
// STAFFNO<TAB>FINGERPRINT<TAB>TYPE<TAB>added<TAB>comment, or a JSON array.
func officerKeyList(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("officer key list", stderr)
	asJSON := fs.Bool("json", false, "print the keys as a JSON array")
	if err := parseFlags(fs, args, stdout, officerKeyListUsage[len("key list "):]); err != nil {
		return err
	}
	s, cfg, err := openExisting(g)
	if err != nil {
		return err
	}
	defer s.Close()
	keys, err := s.OfficerKeys(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if keys == nil {
			keys = []store.OfficerKey{}
		}
		return encodeJSON(stdout, keys)
	}
	for _, k := range keys {
		typ := "?"
		if pk, err := k.PublicKey(); err == nil {
			typ = pk.Type()
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\n", k.StaffNo, k.Fingerprint, typ, k.Added.In(cfg.Location()).Format(domain.DateTimeLayout), oneLine(k.Comment))
	}
	if len(keys) == 0 {
		fmt.Fprintf(stderr, "oic officer key list: no officer has a key in %s; oic officer key add STAFFNO FILE adds one\n", s.Dir())
	}
	return nil
}

// officerKeyRemove takes a key from an officer: a lost laptop's key no
// longer signs anyone in.
func officerKeyRemove(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	sn, fp, err := keyArgs(g, "remove", officerKeyRemoveUsage, "the key's fingerprint, as oic officer key list prints it", args, stdout, stderr)
	if err != nil {
		return err
	}
	s, cfg, err := openExisting(g)
	if err != nil {
		return err
	}
	defer s.Close()
	by, err := keyAdmin(ctx, g, s, cfg, stderr)
	if err != nil {
		return err
	}
	if err := s.RemoveOfficerKey(ctx, sn, fp, by, officerClock()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Removed the key %s from %s: it no longer signs anyone in to oic serve. Sessions open with it are closed.\n", fp, sn)
	return nil
}
