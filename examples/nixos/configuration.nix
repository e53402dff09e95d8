# How a VM's configuration.nix uses the Ringmaster module. Ringmaster installs
# /etc/ringmaster/hostconfig.json and runs `nixos-rebuild switch`; everything the fleet spec says
# about this VM (users, service users, groups, sudo, sshd, interfaces, roles) comes from there.
{ ... }:
{
  imports = [
    ./hardware-configuration.nix
    ./ringmaster.nix
  ];

  ringmaster = {
    enable = true;
    hostConfigFile = /etc/ringmaster/hostconfig.json;
    # The public half of the NixOS driver's `ringmaster.nixos.private-key`.
    controllerKeys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOfTheRingmasterController ringmaster" ];
  };

  # First boot: Ringmaster's cloud-init seed (cidata volume) gives the VM its addresses, the
  # management key for root and the SSH host key Ringmaster pinned; from then on the host config
  # rules. The base image needs this and sshd.
  services.cloud-init = {
    enable = true;
    network.enable = true;
  };

  boot.loader.grub.device = "/dev/vda";
  system.stateVersion = "24.05";
}
