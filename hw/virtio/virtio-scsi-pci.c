/*
 * virtio-scsi-pci: a virtio-pci function holding a virtio-scsi-device.  With
 * -device virtio-scsi-pci,id=scsi0 the SCSI bus is "scsi0.0", as on QEMU.
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio-pci.h"
#include "hw/virtio/virtio-scsi.h"

#define TYPE_VIRTIO_SCSI_PCI "virtio-scsi-pci"
/* The control and event queues come before the request queues. */
#define VIRTIO_SCSI_VQ_NUM_FIXED 2

static void virtio_scsi_pci_realize(VirtIOPCIProxy *proxy, Error **errp)
{
    uint64_t num_queues;

    if (!proxy->vdev) {
        virtio_pci_realize_child(proxy, errp);
        return;
    }
    num_queues = object_property_get_uint(OBJECT(proxy->vdev), "num_queues", errp);
    if (num_queues == VIRTIO_SCSI_AUTO_NUM_QUEUES) {
        num_queues = virtio_pci_optimal_num_queues(VIRTIO_SCSI_VQ_NUM_FIXED);
        if (!object_property_set_uint(OBJECT(proxy->vdev), "num_queues", num_queues, errp)) {
            return;
        }
    }
    /* Request queues, the two fixed ones, and config changes. */
    if (proxy->nvectors == DEV_NVECTORS_UNSPECIFIED) {
        proxy->nvectors = num_queues + VIRTIO_SCSI_VQ_NUM_FIXED + 1;
    }
    virtio_pci_realize_child(proxy, errp);
}

static void virtio_scsi_pci_instance_init(Object *obj)
{
    virtio_pci_instance_init_child(VIRTIO_PCI(obj), "virtio-scsi-device");
}

static void virtio_scsi_pci_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);
    VirtioPCIClass *k = VIRTIO_PCI_CLASS(oc);

    k->realize = virtio_scsi_pci_realize;
    pc->device_id = PCI_DEVICE_ID_VIRTIO_SCSI;
    pc->class_id = PCI_CLASS_STORAGE_SCSI;
    dc->desc = "virtio SCSI host adapter (PCI)";
    dc->user_creatable = true;
    dc->hotpluggable = true;
    device_class_set_category(dc, DEVICE_CATEGORY_STORAGE);
}

static const TypeInfo virtio_scsi_pci_types[] = {
    {
        .name = TYPE_VIRTIO_SCSI_PCI,
        .parent = TYPE_VIRTIO_PCI,
        .instance_size = sizeof(VirtIOPCIProxy),
        .instance_init = virtio_scsi_pci_instance_init,
        .class_init = virtio_scsi_pci_class_init,
    },
};
DEFINE_TYPES(virtio_scsi_pci_types)
