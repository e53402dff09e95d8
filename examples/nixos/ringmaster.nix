# The NixOS module that turns Ringmaster's host config into the system: users, groups, sudo, sshd,
# interfaces, swap (vdb), /tmp (vdc), the nftables firewall, the node exporter on ethsrv and the
# components of the VM's roles. Import it in configuration.nix:
#   imports = [ ./ringmaster.nix ];  ringmaster.enable = true;
# Ringmaster installs the host config and runs `nixos-rebuild switch`. The file is read at
# evaluation time, so a flake-based system needs `--impure` (or a hostConfigFile inside the flake).
{ config, lib, pkgs, ... }:
let
  cfg = config.ringmaster;
  ringLib = import ./lib.nix;
  hc = ringLib.load cfg.hostConfigFile;
in
{
  options.ringmaster = {
    enable = lib.mkEnableOption "the configuration Ringmaster manages for this VM";
    hostConfigFile = lib.mkOption {
      type = lib.types.path;
      default = /etc/ringmaster/hostconfig.json;
      description = "The host config (ringmaster.hostconfig/v1) Ringmaster installs.";
    };
    controllerKeys = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [ ];
      description = "Public keys Ringmaster logs in with as root (its driver's client key).";
    };
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      users.mutableUsers = false;
      users.users = ringLib.users hc;
      users.groups = ringLib.groups hc;
      security.sudo.wheelNeedsPassword = false;
      security.sudo.extraRules = ringLib.sudoRulesFor hc;
      services.openssh = {
        enable = true;
        settings = ringLib.sshdSettings;
      };
      networking.useNetworkd = true;
      networking.useDHCP = false;
      # file systems frozen for backups through the domain's guest agent channel
      services.qemuGuest.enable = true;
      environment.etc."ringmaster/roles".text = lib.concatStringsSep "\n" hc.roles + "\n";
    }
    { users.users.root.openssh.authorizedKeys.keys = cfg.controllerKeys; }
    (ringLib.network hc)
    ringLib.disks
    (ringLib.nodeExporter hc)
    {
      # swap on vdb: formatted only when the disk carries no signature at all
      systemd.services.ringmaster-mkswap = {
        description = "Format the swap disk once";
        wantedBy = [ "dev-vdb.swap" ];
        before = [ "dev-vdb.swap" ];
        unitConfig.DefaultDependencies = false;
        serviceConfig.Type = "oneshot";
        path = [ pkgs.util-linux ];
        script = ''
          if ! blkid -p ${ringLib.swapDevice} >/dev/null 2>&1; then mkswap -L swap ${ringLib.swapDevice}; fi
        '';
      };
      networking.firewall.enable = false;
      networking.nftables = {
        enable = true;
        ruleset = ringLib.firewallRuleset hc;
      };
      # the digest of the loaded ruleset, so Ringmaster can tell a hand-made change (GuestPlatform)
      systemd.services.ringmaster-firewall-digest = {
        description = "Record the digest of the nftables ruleset Ringmaster's module loaded";
        after = [ "nftables.service" ];
        requires = [ "nftables.service" ];
        wantedBy = [ "multi-user.target" ];
        restartTriggers = [ (ringLib.firewallRuleset hc) ];
        serviceConfig = { Type = "oneshot"; RemainAfterExit = true; };
        path = [ pkgs.nftables pkgs.coreutils ];
        script = ''
          mkdir -p /var/lib/ringmaster
          nft list ruleset | sha256sum | cut -d' ' -f1 > /var/lib/ringmaster/nftables.sha256
        '';
      };
    }
    (ringLib.roleOptions pkgs hc)
  ]);
}
