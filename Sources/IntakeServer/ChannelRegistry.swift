public import IntakeChannel
// Channel modules (intake new-channel adds one import below this line).
import CADChannel
import EmailChannel
import WhatsAppChannel
import IVRChannel
import ScannedMailChannel
import SMSChannel
import TelegramChannel
import WebChatChannel
import Open311Channel

/// Every channel this build of `intake` has. A process runs those named in `INTAKE_CHANNELS`, or,
/// when it is unset, every one whose settings are present.
public enum ChannelRegistry {
    public static let factories: [any ChannelFactory] = [
        SMSChannelFactory(),
        VoiceChannelFactory(),
        ScannedMailChannelFactory(),
        EmailChannelFactory(),
        TelegramChannelFactory(),
        WhatsAppChannelFactory(),
        WebChatChannelFactory(),
        Open311ChannelFactory(),
        CADChannelFactory(),
        // intake new-channel adds a line above this one.
    ]
}
