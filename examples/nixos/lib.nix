# Pure functions from a Ringmaster host config (ringmaster.hostconfig/v1) to NixOS option values.
# Builtins only, no nixpkgs: `nix-instantiate --eval` can check them anywhere. Packages are taken
# from the `pkgs` argument, so tests can pass `stubPkgs` (every package as its attribute name).
let
  schema = "ringmaster.hostconfig/v1";

  mergeTwo = a: b:
    a // builtins.mapAttrs (name: value:
      if builtins.hasAttr name a && builtins.isAttrs value && builtins.isAttrs a.${name}
      then mergeTwo a.${name} value
      else if builtins.hasAttr name a && builtins.isList value && builtins.isList a.${name}
      then a.${name} ++ value
      else value) b;

  merge = builtins.foldl' mergeTwo { };

  unique = builtins.foldl' (acc: x: if builtins.elem x acc then acc else acc ++ [ x ]) [ ];

  service = name: { services.${name}.enable = true; };

  postgresql = version: pkgs: {
    services.postgresql = {
      enable = true;
      package = pkgs."postgresql_${version}";
    };
  };

  mysql = attr: pkgs: {
    services.mysql = {
      enable = true;
      package = pkgs.${attr};
    };
  };

  # Every role of the model's RoleCatalogue (dev.ringmaster.model.validate.RoleCatalogue), each a
  # function from pkgs to the NixOS options it sets. A test keeps the two in sync.
  roles = {
    postgresql12 = postgresql "12";
    postgresql13 = postgresql "13";
    postgresql14 = postgresql "14";
    postgresql15 = postgresql "15";
    postgresql16 = postgresql "16";
    mysql57 = mysql "mysql57";
    mysql80 = mysql "mysql80";
    percona80 = mysql "percona-server_8_0";
    webgateway = _: merge [ (service "nginx") (service "haproxy") ];
    nginx = _: service "nginx";
    haproxy = _: service "haproxy";
    redis = _: { services.redis.servers."".enable = true; };
    memcached = _: service "memcached";
    rabbitmq = _: service "rabbitmq";
    mailserver = _: service "postfix";
    elasticsearch = _: service "elasticsearch";
    opensearch = _: service "opensearch";
    mongodb = _: service "mongodb";
    kibana = _: service "kibana";
    lamp = _: { services.httpd = { enable = true; enablePHP = true; }; };
    docker = _: { virtualisation.docker.enable = true; };
    loghost = _: service "rsyslogd";
    statshost = _: merge [ (service "prometheus") (service "grafana") ];
    antivirus = _: { services.clamav = { daemon.enable = true; updater.enable = true; }; };
    backyserver = _: { };
    external-net = _: { };
    generic = _: { };
  };

  packageNames = [
    "postgresql_12" "postgresql_13" "postgresql_14" "postgresql_15" "postgresql_16"
    "mysql57" "mysql80" "percona-server_8_0"
  ];

  roleConfig = pkgs: role:
    if builtins.hasAttr role roles
    then roles.${role} pkgs
    else throw "ringmaster: unknown role '${role}' in the host config";

  humanUser = u: {
    name = u.name;
    value = {
      isNormalUser = true;
      uid = u.uid;
      extraGroups = u.groups;
      hashedPassword = "!";
      openssh.authorizedKeys.keys = u.sshKeys;
    };
  };

  serviceUser = s: {
    name = s.name;
    value = {
      isSystemUser = true;
      uid = s.uid;
      group = s.group;
      home = s.home;
      createHome = true;
      useDefaultShell = true;
    };
  };

  # A service user removed from Git, kept through Ringmaster's grace period: the account stays
  # (so the uid is not reused and the home stays owned) but cannot be used: locked password,
  # nologin shell, home neither created nor touched; sudo-srv may no longer act as it.
  retiredServiceUser = s: {
    name = s.name;
    value = {
      isSystemUser = true;
      uid = s.uid;
      group = s.group;
      home = s.home;
      createHome = false;
      shell = "/run/current-system/sw/bin/nologin";
      hashedPassword = "!";
      description = "retired by Ringmaster; home deleted after ${s.deleteAfter}";
    };
  };

  retiredOf = hc: hc.retiredServiceUsers or [ ];

  ip = family: i:
    if i ? ${family} then [ { address = i.${family}.address; prefixLength = i.${family}.prefixLength; } ] else [ ];

  isV6 = a: builtins.match ".*:.*" a != null;
  groupAddresses = hc: (hc.firewall or { groupAddresses = [ ]; }).groupAddresses;
  addressSet = name: type: addresses:
    if addresses == [ ] then "" else
      "  set ${name} {\n    type ${type}\n    elements = { "
      + builtins.concatStringsSep ", " addresses + " }\n  }\n";

  gatewayOf = family: hc:
    let candidates = builtins.filter (i: i ? ${family}) (
      builtins.filter (i: i.network == "fe") hc.interfaces
      ++ builtins.filter (i: i.network != "fe") hc.interfaces);
    in if candidates == [ ] then null else {
      address = (builtins.head candidates).${family}.gateway;
      interface = (builtins.head candidates).name;
    };
in
rec {
  inherit schema merge roles packageNames;

  # Every package of `packageNames` as its own name: stands in for nixpkgs in tests.
  stubPkgs = builtins.listToAttrs (map (n: { name = n; value = n; }) packageNames);

  # Reads and checks a host config file.
  load = file:
    let hc = builtins.fromJSON (builtins.readFile file);
    in if (hc.schema or "") == schema then hc
       else throw "ringmaster: ${toString file} is not a ${schema} document";

  # All options the roles of a host config set, merged.
  roleOptions = pkgs: hc: merge (map (roleConfig pkgs) hc.roles);

  # users.users: humans (keys only, groups from permissions), service users (/srv homes) and
  # retired service users (disabled, home kept; `retiredServiceUsers` is optional).
  users = hc: builtins.listToAttrs (map humanUser hc.users ++ map serviceUser hc.serviceUsers
    ++ map retiredServiceUser (retiredOf hc));

  # The names of the retired service users of a host config.
  retiredNames = hc: map (s: s.name) (retiredOf hc);

  # users.groups: every permission group and `service`.
  groups = hc:
    builtins.listToAttrs (map (g: { name = g; value = { }; })
      (unique ([ "service" ] ++ builtins.concatMap (u: u.groups) hc.users)));

  # security.sudo.extraRules: sudo-srv acts as any service user without password; admins as root.
  sudoRules = [
    { groups = [ "sudo-srv" ]; runAs = "%service"; commands = [ { command = "ALL"; options = [ "NOPASSWD" ]; } ]; }
    { groups = [ "admins" ]; commands = [ { command = "ALL"; options = [ "NOPASSWD" ]; } ]; }
  ];

  # sudoRules with the retired service users excluded from what sudo-srv may act as.
  sudoRulesFor = hc:
    let
      excluded = builtins.concatStringsSep "" (map (n: ", !${n}") (retiredNames hc));
    in
    [ ((builtins.head sudoRules) // { runAs = "%service" + excluded; }) ] ++ builtins.tail sudoRules;

  # services.openssh.settings: keys only; humans need `login` (or `admins`); root stays for Ringmaster.
  sshdSettings = {
    PasswordAuthentication = false;
    KbdInteractiveAuthentication = false;
    PermitRootLogin = "prohibit-password";
    AllowGroups = [ "root" "login" "admins" ];
  };

  # Interfaces named by MAC (systemd .link files), their addresses, default gateways (fe first).
  network = hc: {
    systemd.network.links = builtins.listToAttrs (map (i: {
      name = "10-${i.name}";
      value = { matchConfig.PermanentMACAddress = i.mac; linkConfig.Name = i.name; };
    }) hc.interfaces);
    networking = {
      hostName = hc.name;
      interfaces = builtins.listToAttrs (map (i: {
        name = i.name;
        value = { ipv4.addresses = ip "ipv4" i; ipv6.addresses = ip "ipv6" i; };
      }) hc.interfaces);
    } // (let g = gatewayOf "ipv4" hc; in if g == null then { } else { defaultGateway = g; })
      // (let g = gatewayOf "ipv6" hc; in if g == null then { } else { defaultGateway6 = g; });
  };

  # The swap disk (vdb), formatted once by the module's ringmaster-mkswap unit, and /tmp on the
  # tmp disk (vdc; autoFormat formats it when blank), emptied at every boot.
  swapDevice = "/dev/vdb";
  tmpDevice = "/dev/vdc";
  disks = {
    swapDevices = [ { device = "/dev/vdb"; } ];
    fileSystems."/tmp" = {
      device = "/dev/vdc";
      fsType = "ext4";
      autoFormat = true;
      options = [ "nosuid" "nodev" ];
    };
    boot.tmp.cleanOnBoot = true;
  };

  # The nftables ruleset (networking.nftables.ruleset): everything on ethfe; on ethsrv SSH, HTTP
  # and HTTPS from anywhere and everything from the resource group's own VMs. The same text as
  # guests/debian/ringmaster-activate writes after its header (a test compares them).
  firewallRuleset = hc:
    let
      all = groupAddresses hc;
      v4 = builtins.filter (a: !isV6 a) all;
      v6 = builtins.filter isV6 all;
    in
    "table inet ringmaster {\n"
    + addressSet "group4" "ipv4_addr" v4
    + addressSet "group6" "ipv6_addr" v6
    + "  chain input {\n"
    + "    type filter hook input priority filter; policy drop;\n"
    + "    ct state established,related accept\n"
    + "    ct state invalid drop\n"
    + "    iif \"lo\" accept\n"
    + "    meta l4proto { icmp, icmpv6 } accept\n"
    + "    iifname \"ethfe\" accept\n"
    + "    iifname \"ethsrv\" tcp dport { 22, 80, 443 } accept\n"
    + (if v4 == [ ] then "" else "    iifname \"ethsrv\" ip saddr @group4 accept\n")
    + (if v6 == [ ] then "" else "    iifname \"ethsrv\" ip6 saddr @group6 accept\n")
    + "  }\n}\n";

  # The address the node exporter listens on: ethsrv's IPv4 (else IPv6) address; null without one.
  srvAddress = hc:
    let srv = builtins.filter (i: i.name == "ethsrv") hc.interfaces;
    in if srv == [ ] then null
       else if (builtins.head srv) ? ipv4 then (builtins.head srv).ipv4.address
       else if (builtins.head srv) ? ipv6 then (builtins.head srv).ipv6.address
       else null;

  # services.prometheus.exporters.node, on the ethsrv address only (port 9100).
  nodeExporter = hc:
    if srvAddress hc == null then { } else {
      services.prometheus.exporters.node = {
        enable = true;
        listenAddress = srvAddress hc;
        port = 9100;
        openFirewall = false;
      };
    };
}
